package dev.trainingbot.worker.course.completion;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.librepdf.openpdf.fonts.Liberation;
import org.openpdf.text.Document;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.PageSize;
import org.openpdf.text.Paragraph;
import org.openpdf.text.Rectangle;
import org.openpdf.text.pdf.PdfContentByte;
import org.openpdf.text.pdf.PdfWriter;

/**
 * The certificate as a one-page PDF (A4 landscape): heading, holder, course, date and verification code, in the
 * learner's language. Liberation fonts, embedded, so that names in Cyrillic print as typed. Pure apart from the fonts
 * it loads once.
 */
public final class CertificatePdf {

    /** The texts printed around the certificate's data, in the learner's language. */
    public record Wording(String heading, String awardedTo, String forCompleting, String issuedOn, String code) {}

    private final Font heading;
    private final Font title;
    private final Font body;
    private final Font name;
    private final Font small;

    public CertificatePdf() {
        try {
            heading = Liberation.SERIF_BOLD.create(34);
            title = Liberation.SERIF_BOLD.create(22);
            body = Liberation.SERIF.create(16);
            name = Liberation.SERIF_BOLDITALIC.create(28);
            small = Liberation.SANS.create(10);
        } catch (IOException e) {
            throw new UncheckedIOException("the certificate's fonts cannot be loaded", e);
        }
    }

    public byte[] render(Certificate certificate, Wording wording, Locale locale) {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream(32 * 1024);
        Document document = new Document(PageSize.A4.rotate(), 72, 72, 96, 72);
        PdfWriter writer = PdfWriter.getInstance(document, pdf);
        document.addTitle(wording.heading() + " — " + certificate.courseTitle());
        document.addSubject(certificate.holderName());
        document.addCreator("trainingbot");
        document.open();
        frame(writer.getDirectContentUnder(), document.getPageSize());
        String date = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                .withLocale(locale)
                .withZone(ZoneOffset.UTC)
                .format(certificate.issuedAt());
        document.add(centered(wording.heading(), heading, 36));
        document.add(centered(wording.awardedTo(), body, 12));
        document.add(centered(certificate.holderName(), name, 12));
        document.add(centered(wording.forCompleting(), body, 6));
        document.add(centered(certificate.courseTitle(), title, 48));
        document.add(centered(wording.issuedOn() + " " + date, body, 6));
        document.add(centered(wording.code() + " " + certificate.printedCode(), small, 0));
        document.close();
        return pdf.toByteArray();
    }

    /** A double rule around the page. */
    private static void frame(PdfContentByte canvas, Rectangle page) {
        canvas.setColorStroke(new Color(0x1F, 0x3A, 0x5F));
        canvas.setLineWidth(3f);
        canvas.rectangle(36, 36, page.getWidth() - 72, page.getHeight() - 72);
        canvas.stroke();
        canvas.setLineWidth(0.8f);
        canvas.rectangle(44, 44, page.getWidth() - 88, page.getHeight() - 88);
        canvas.stroke();
    }

    private static Paragraph centered(String text, Font font, float spacingAfter) {
        Paragraph paragraph = new Paragraph(text, font);
        paragraph.setAlignment(Element.ALIGN_CENTER);
        paragraph.setSpacingAfter(spacingAfter);
        return paragraph;
    }
}
