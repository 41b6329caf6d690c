package org.safeguarding.gateway.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** The benches' synthetic register: a batch CSV of la-derby plans for every valid 999-range NHS number. */
final class Plans {

    static final String HEADER = "planId,nhsNumber,type,startDate,endDate,localAuthority,givenName,familyName,birthDate";

    private Plans() {}

    /** One row of the CSV. */
    record Row(String planId, String nhsNumber, String type, String startDate, String endDate, String localAuthority, String givenName,
            String familyName, String birthDate) {
        static Row parse(String line) {
            String[] f = line.split(",", -1);
            return new Row(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]);
        }
    }

    /**
     * One plan per child for every valid 999-range NHS number (there are about 909,000: 999 000 000 0
     * to 999 999 999 9, less those whose check digit would be 10); past that, children get a second,
     * earlier plan that ended 200 days ago (still visible, inactive). All la-derby.
     *
     * @return the children's NHS numbers, shuffled, for lookups
     */
    static String[] write(Path csv, int plans) throws IOException {
        return write(csv, plans, "BENCH-");
    }

    /** As {@link #write(Path, int)}, the plan ids {@code prefix} followed by the row's number. */
    static String[] write(Path csv, int plans, String prefix) throws IOException {
        List<String> children = new ArrayList<>();
        for (long first9 = 999_000_000L; first9 <= 999_999_999L && children.size() < plans; first9++) {
            String number = withCheckDigit(first9);
            if (number != null) {
                children.add(number);
            }
        }
        LocalDate today = LocalDate.now();
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
            out.write(HEADER);
            out.newLine();
            for (int i = 0; i < plans; i++) {
                String number = children.get(i % children.size());
                boolean earlier = i >= children.size();
                String start = earlier ? today.minusYears(3).toString() : today.minusYears(1).toString();
                String end = earlier ? today.minusDays(200).toString() : "";
                out.write(prefix + i + "," + number + ",CPP," + start + "," + end + ",la-derby,Bench,Child" + (i % 1000) + ","
                        + today.minusYears(4 + i % 12));
                out.newLine();
            }
        }
        Collections.shuffle(children, new Random(42));
        return children.toArray(String[]::new);
    }

    /** The first {@code limit} rows. */
    static List<Row> rows(Path csv, int limit) throws IOException {
        try (var lines = Files.lines(csv)) {
            return lines.skip(1).limit(limit).map(Row::parse).toList();
        }
    }

    /** The NHS numbers of the first {@code limit} rows. */
    static String[] children(Path csv, long limit) throws IOException {
        try (var lines = Files.lines(csv)) {
            return lines.skip(1).limit(limit).map(l -> l.split(",")[1]).toArray(String[]::new);
        }
    }

    static String withCheckDigit(long first9) {
        String digits = Long.toString(first9);
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - sum % 11;
        if (check == 11) {
            check = 0;
        }
        return check == 10 ? null : digits + check;
    }
}
