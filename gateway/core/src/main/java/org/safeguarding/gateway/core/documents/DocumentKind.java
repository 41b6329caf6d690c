package org.safeguarding.gateway.core.documents;

/** What social care sends after a conference or review. */
public enum DocumentKind {
    CP_PLAN("cp-plan", "Child protection plan"),
    CONFERENCE_MINUTES("conference-minutes", "Child protection conference minutes"),
    REVIEW_MINUTES("review-minutes", "Review conference minutes");

    private final String code;
    private final String display;

    DocumentKind(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    public static DocumentKind fromCode(String code) {
        for (DocumentKind kind : values()) {
            if (kind.code.equals(code)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(code);
    }
}
