package org.safeguarding.gateway.core.model;

import java.util.List;

/**
 * An organisation in the agencies directory. {@code id} is the {@code org_id} its users' tokens carry.
 *
 * @param certificatePem the certificate copies for this agency are encrypted to; null: it cannot receive them
 * @param pushUrl        the agency's own system, which also gets each copy over HTTPS; null: inbox only
 * @param mesh           the agency's NHS MESH mailbox, which also gets each copy (issue 16); null: none
 */
public record Agency(String id, String type, String name, List<String> postcodeAreas, String officePhone, String outOfHoursPhone,
        String certificatePem, String pushUrl, MeshAddress mesh) {

    /**
     * An agency's MESH mailbox and the workflow its copies go under. {@code gpConnect}: a GP practice whose clinical
     * system takes GP Connect Send Document, which cannot open CMS; its copies go under MESH's transport protection only,
     * so it is an explicit setting, off unless the directory says so.
     */
    public record MeshAddress(String mailbox, String workflowId, boolean gpConnect) {}

    /** An agency without a MESH mailbox, as every agency was before issue 16. */
    public Agency(String id, String type, String name, List<String> postcodeAreas, String officePhone, String outOfHoursPhone,
            String certificatePem, String pushUrl) {
        this(id, type, name, postcodeAreas, officePhone, outOfHoursPhone, certificatePem, pushUrl, null);
    }

    public static final String LOCAL_AUTHORITY = "local-authority";

    public Agency {
        postcodeAreas = postcodeAreas == null ? List.of() : List.copyOf(postcodeAreas);
    }

    /** An authority the directory does not know: named by its id, with no numbers to give. */
    public static Agency unknownLocalAuthority(String id) {
        return new Agency(id, LOCAL_AUTHORITY, id, List.of(), null, null, null, null);
    }

    public Agency withCertificate(String pem) {
        return new Agency(id, type, name, postcodeAreas, officePhone, outOfHoursPhone, pem, pushUrl, mesh);
    }

    public Agency withPushUrl(String url) {
        return new Agency(id, type, name, postcodeAreas, officePhone, outOfHoursPhone, certificatePem, url, mesh);
    }
}
