package dev.trainingbot.worker.course.completion;

import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.progress.SectionProgress;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.telegram.TelegramGateway;
import dev.trainingbot.worker.ui.Html;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.User;

/**
 * The end of the course: once every section's quiz is passed (its best score reaches the quiz's pass mark), the
 * learner gets a PDF certificate with the congratulations as its caption. The certificate is issued once; the document
 * goes out until it has reached the learner, so a redelivered last answer whose first attempt failed after issuing
 * sends it, and one whose first attempt delivered it sends nothing.
 */
public final class CourseCompletion {

    private final CourseCatalog course;
    private final CertificateRepository certificates;
    private final CertificatePdf pdf;
    private final Messages messages;
    private final TelegramGateway telegram;

    public CourseCompletion(
            CourseCatalog course,
            CertificateRepository certificates,
            CertificatePdf pdf,
            Messages messages,
            TelegramGateway telegram) {
        this.course = course;
        this.certificates = certificates;
        this.pdf = pdf;
        this.messages = messages;
        this.telegram = telegram;
    }

    /** Whether every section of the course has a quiz passed in {@code progress}. */
    public boolean completed(List<SectionProgress> progress) {
        Map<String, SectionProgress> bySection =
                progress.stream().collect(Collectors.toMap(SectionProgress::sectionId, p -> p, (a, b) -> a));
        return course.current().sections().stream()
                .allMatch(section -> Optional.ofNullable(bySection.get(section.id()))
                        .filter(p -> p.bestScore().isPresent())
                        .filter(p -> passed(section, p.bestScore().getAsInt()))
                        .isPresent());
    }

    /** Whether {@code score} right answers pass the section's quiz. */
    public static boolean passed(Course.Section section, int score) {
        return score >= section.quiz().passScore();
    }

    /**
     * After a finished quiz, with the learner's progress as it now stands: issues and sends the certificate when the
     * course is complete. Called on the update's thread; a failure to send is retried with the update.
     */
    public void afterQuiz(UpdateContext context, long userId, List<SectionProgress> progress) throws Exception {
        if (!completed(progress)) {
            return;
        }
        Locale locale = context.locale();
        CertificateRepository.Issued issued = certificates.issue(
                userId, holderName(context.user()), course.current().title().in(locale));
        Certificate certificate = issued.certificate();
        context.detail("certificate", certificate.code()).detail("certificate_issued", issued.now());
        if (certificate.documentSentAt().isPresent()) {
            return;
        }
        // One message, the certificate with the congratulations as its caption: a retry after a failed send repeats
        // nothing the learner already has.
        byte[] document = pdf.render(certificate, wording(locale), locale);
        String caption = messages.text(
                locale, "course.completed", Html.escape(certificate.courseTitle()), certificate.printedCode());
        telegram.sendDocument(() -> SendDocument.builder()
                .chatId(context.chatId())
                .document(new InputFile(
                        new ByteArrayInputStream(document), "certificate-" + certificate.printedCode() + ".pdf"))
                .caption(caption)
                .parseMode("HTML")
                .build());
        certificates.documentSent(certificate.code());
    }

    private CertificatePdf.Wording wording(Locale locale) {
        return new CertificatePdf.Wording(
                messages.text(locale, "certificate.heading"),
                messages.text(locale, "certificate.awarded_to"),
                messages.text(locale, "certificate.for_completing"),
                messages.text(locale, "certificate.issued_on"),
                messages.text(locale, "certificate.code"));
    }

    /** The name as Telegram gives it: first and last name, else the @username, else the id. */
    static String holderName(User user) {
        String name = (user.getFirstName() + " "
                        + Optional.ofNullable(user.getLastName()).orElse(""))
                .strip();
        if (!name.isEmpty()) {
            return name;
        }
        return user.getUserName() != null ? "@" + user.getUserName() : Long.toString(user.getId());
    }
}
