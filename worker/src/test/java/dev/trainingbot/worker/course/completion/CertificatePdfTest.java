package dev.trainingbot.worker.course.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openpdf.text.pdf.PdfReader;
import org.openpdf.text.pdf.parser.PdfTextExtractor;

class CertificatePdfTest {

    private final CertificatePdf pdf = new CertificatePdf();

    @Test
    void theCertificatePrintsTheHolderTheCourseTheDateAndTheCodeInTheLearnersLanguage() throws Exception {
        Certificate certificate = new Certificate(
                "7KQ2M9XD4TFAW1ZC",
                42,
                "Анна Петрова",
                "Введение в компанию",
                Instant.parse("2026-12-02T10:15:30Z"),
                Optional.empty());

        byte[] document = pdf.render(
                certificate,
                new CertificatePdf.Wording(
                        "Сертификат", "Настоящим удостоверяется, что", "прошла курс", "Выдан", "Код:"),
                Locale.forLanguageTag("ru"));

        assertThat(new String(document, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
        try (PdfReader reader = new PdfReader(document)) {
            assertThat(reader.getNumberOfPages()).isEqualTo(1);
            String text = new PdfTextExtractor(reader).getTextFromPage(1);
            assertThat(text)
                    .contains("Сертификат")
                    .contains("Анна Петрова")
                    .contains("Введение в компанию")
                    .contains("2 декабря 2026")
                    .contains("7KQ2-M9XD-4TFA-W1ZC");
        }
    }
}
