package org.safeguarding.gateway.core.register.batch;

/**
 * The documented reason codes of a batch upload. File-level codes reject the whole file; record
 * codes reject one record and the rest of the file is still applied. When a record has several
 * faults, {@code code} is the first of them in this declaration order and {@code reason} names
 * every fault.
 */
public enum BatchCode {

    // the file
    /** The first line is not exactly {@link PlanBatch#HEADER_LINE}. */
    BAD_HEADER,
    /** No bytes at all, or a header and no records. */
    EMPTY_FILE,

    // one record
    /** Not valid RFC 4180: an unclosed quote, a quote inside an unquoted field, text after a closing quote, or too long. */
    MALFORMED_RECORD,
    /** Not the header's nine fields. */
    WRONG_COLUMN_COUNT,
    /** The record names a local authority other than the uploader's own. */
    OTHER_LA,
    /** planId is not 1-64 letters, digits, '.', '_' or '-' starting with a letter or digit. */
    INVALID_PLAN_ID,
    /** A required field is empty (every field but endDate is required). */
    MISSING_FIELD,
    /** Not 10 digits, or the modulus-11 check digit is wrong. */
    INVALID_NHS_NUMBER,
    /** type is not CPP, LAC or UCPP. */
    UNKNOWN_TYPE,
    /** startDate, endDate or birthDate is not yyyy-MM-dd, endDate is before startDate, or a date is implausible (start more than a year ahead, birth in the future or over 25 years ago). */
    BAD_DATE,
    /** Anything else the register's rules refuse (a malformed organisation id, a name over 100 characters, text that is not UTF-8). */
    INVALID_FIELD,
    /** The same planId on an earlier record of this file: the later record is rejected. */
    DUPLICATE_IN_FILE,
    /** The register holds this planId for another local authority: never overwritten (a plan moves only by transfer). */
    PLAN_OF_OTHER_LA;

    public boolean fileLevel() {
        return this == BAD_HEADER || this == EMPTY_FILE;
    }
}
