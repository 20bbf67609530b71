package dev.trainingbot.worker.reminder;

import dev.trainingbot.worker.course.content.Course;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The course's lessons as two parallel arrays, section id and lesson id in course order: the form queries unnest. */
record ContentLessons(String[] sections, String[] lessons) {

    static ContentLessons of(Course course) {
        List<String> sectionIds = new ArrayList<>();
        List<String> lessonIds = new ArrayList<>();
        for (Course.Section section : course.sections()) {
            for (Course.Lesson lesson : section.lessons()) {
                sectionIds.add(section.id());
                lessonIds.add(lesson.id());
            }
        }
        return new ContentLessons(sectionIds.toArray(String[]::new), lessonIds.toArray(String[]::new));
    }

    /** Sets the two arrays as parameters {@code first} and {@code first + 1}. */
    void bind(Connection connection, PreparedStatement query, int first) throws SQLException {
        query.setArray(first, connection.createArrayOf("text", sections));
        query.setArray(first + 1, connection.createArrayOf("text", lessons));
    }
}
