package org.safeguarding.gateway.console;

/**
 * One of a form's radios (a decision, an urgency, a concern's category): the API's code, which the form posts, the
 * words a person reads, and a hint where the words alone may not be enough.
 */
record Choice(String code, String words, String hint) {

    /** The code in words: early-help reads "Early help". */
    static Choice of(String code) {
        return new Choice(code, inWords(code), null);
    }

    static Choice of(String code, String hint) {
        return new Choice(code, inWords(code), hint);
    }

    static String inWords(String code) {
        return LookupPages.sentence(code.replace('-', ' '));
    }
}
