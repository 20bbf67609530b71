package dev.trainingbot.worker.language;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.i18n.Languages;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.route.CallbackData;
import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.route.Keyboard;
import dev.trainingbot.worker.ui.Presenter;
import dev.trainingbot.worker.ui.Screen;
import dev.trainingbot.worker.user.UserDirectory;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;

/**
 * {@code /language}: the languages the bot speaks as buttons, each in its own name ({@code language.name} of its
 * bundle), the user's current one marked; pressing one ({@code lang:<code>}) stores it as theirs
 * ({@code users.language}, over Telegram's {@code language_code}) and answers in it. Neither moves the conversation:
 * a quiz in progress stays where it was, in the new language from the next screen on.
 *
 * <p>A button naming a language the bot no longer speaks — its bundle removed since the menu was sent — or none is
 * answered with a notice and the menu of today's languages; nothing is stored.
 *
 * <p>Database statements per update: the choice one update; the menu none.
 */
public final class LanguageChoice {

    /** The callback action of a language button: {@code lang:<code>}. */
    public static final String ACTION = "lang";

    private final Languages languages;
    private final Messages messages;
    private final Presenter presenter;
    private final UserDirectory users;

    public LanguageChoice(Messages messages, Presenter presenter, UserDirectory users) {
        this.languages = messages.languages();
        this.messages = messages;
        this.presenter = presenter;
        this.users = users;
    }

    /** {@code /language}: the choices, as a new message. */
    public Handler menu() {
        return Handler.of("language_menu", context -> presenter.show(context, choices(context.locale())));
    }

    /** {@code lang:<code>}: stores the choice and confirms it in the chosen language. */
    public Handler choose() {
        return Handler.of("language_choose", context -> {
            Optional<String> language = chosen(context).filter(languages::speaks);
            if (language.isEmpty()) {
                context.outcome(AuditOutcome.REFUSED);
                context.detail(
                        "callback_data", context.update().getCallbackQuery().getData());
                presenter.show(context, choices(context.locale()), messages.text(context.locale(), "language.gone"));
                return;
            }
            users.chooseLanguage(userId(context), language.get());
            context.locale(Locale.forLanguageTag(language.get()));
            context.detail("language", language.get());
            presenter.show(
                    context,
                    new Screen(
                            messages.text(
                                    context.locale(),
                                    "language.chosen",
                                    messages.text(context.locale(), Messages.LANGUAGE_NAME)),
                            Keyboard.create()
                                    .row(Keyboard.button(
                                            messages.text(context.locale(), "nav.menu"), CallbackData.of("menu")))
                                    .build()));
        });
    }

    /** The languages as buttons, two a row, the current one marked. Pure. */
    Screen choices(Locale current) {
        Keyboard keyboard = Keyboard.create();
        List<String> codes = languages.codes();
        for (int i = 0; i < codes.size(); i += 2) {
            keyboard.row(codes.subList(i, Math.min(i + 2, codes.size())).stream()
                    .map(code -> Keyboard.button(label(code, current), CallbackData.of(ACTION, code)))
                    .toArray(InlineKeyboardButton[]::new));
        }
        keyboard.row(Keyboard.button(messages.text(current, "nav.menu"), CallbackData.of("menu")));
        return new Screen(messages.text(current, "language.title"), keyboard.build());
    }

    private String label(String code, Locale current) {
        String name = messages.text(Locale.forLanguageTag(code), Messages.LANGUAGE_NAME);
        return code.equals(current.getLanguage()) ? messages.text(current, "progress.done_mark") + " " + name : name;
    }

    private static Optional<String> chosen(UpdateContext context) {
        return CallbackData.parse(context.update().getCallbackQuery().getData())
                .map(CallbackData::args)
                .filter(args -> args.size() == 1)
                .map(List::getFirst);
    }

    private static long userId(UpdateContext context) {
        Long id = context.userId();
        return id == null ? context.chatId() : id;
    }
}
