package org.safeguarding.gateway.core.delivery;

import org.safeguarding.gateway.security.Action;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.security.cert.X509Certificate;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.delivery.mesh.MeshChannel;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.inbox.InboxMessage;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.safeguarding.gateway.security.crypto.Pem;

/**
 * The steps of {@code secure-copy} ({@link SecureCopyRoute}), the one way any flow sends something to an agency: one set
 * of guards (the recipient is in the directory and has a certificate), one way to seal a copy (signed by the gateway,
 * encrypted to the recipient alone), and one commit that stores the copy, puts it in the recipient's inbox and queues
 * every other channel the recipient has, with a record of each in the audit trail.
 *
 * <p>Sealing is the slow part and needs no transaction, so a flow seals every copy first and then commits them together
 * with its own effect ({@link #commit}): a crash keeps all of it or none, and a redelivered flow finds its own mark and
 * sends nothing twice. A copy's id is derived from what it is (type, reference, recipient), so even a flow that lost its
 * mark could not store the same copy twice.
 */
public class SecureCopies {

    /**
     * One recipient's copy, as the sending flow asks for it.
     *
     * @param content what the recipient is sent, already in the form its adapter allows it (minimised)
     * @param due     when the recipient should have acknowledged it (null: no deadline)
     * @param about   what the copy is about when one reference gives one recipient several (an escalation per overdue
     *                copy of a document); null otherwise
     */
    public record Request(String messageType, String reference, String sender, String recipient, String nhsNumber, String summary,
            byte[] content, Instant due, String about) {

        public Request(String messageType, String reference, String sender, String recipient, String nhsNumber, String summary,
                byte[] content, Instant due) {
            this(messageType, reference, sender, recipient, nhsNumber, summary, content, due, null);
        }
    }

    /** What secure-copy made of a request: a sealed copy, or the reason it could not be sent. Each carries its audit record. */
    public sealed interface Prepared {
        AuditEntry record();
    }

    /**
     * @param push        also to the recipient's own system over HTTPS
     * @param meshPayload for a copy that goes to MESH in an adapter's format: its content sealed to the gateway until sent
     */
    public record Sealed(Delivery delivery, byte[] envelope, boolean push, byte[] meshPayload, AuditEntry record) implements Prepared {

        public Sealed(Delivery delivery, byte[] envelope, boolean push, AuditEntry record) {
            this(delivery, envelope, push, null, record);
        }
    }

    public record NotSent(String recipient, AuditEntry record) implements Prepared {}

    private final AgencyDirectory agencies;
    private final CmsEnvelope cms;
    private final Deliveries deliveries;
    private final Inbox inbox;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final Clock clock;
    private final MeshChannel mesh;
    /** Parsed once per certificate text: parsing costs about as much as encrypting a notice to it. */
    private final Cache<String, X509Certificate> certificates = Caffeine.newBuilder().maximumSize(10_000).build();

    public SecureCopies(AgencyDirectory agencies, CmsEnvelope cms, Deliveries deliveries, Inbox inbox, Outbox outbox, AuditTrail audit,
            Clock clock) {
        this(agencies, cms, deliveries, inbox, outbox, audit, clock, MeshChannel.none());
    }

    public SecureCopies(AgencyDirectory agencies, CmsEnvelope cms, Deliveries deliveries, Inbox inbox, Outbox outbox, AuditTrail audit,
            Clock clock, MeshChannel mesh) {
        this.mesh = mesh;
        this.agencies = agencies;
        this.cms = cms;
        this.deliveries = deliveries;
        this.inbox = inbox;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    /** The guard: a copy goes only to an agency in the directory with a certificate to encrypt to. */
    public boolean cannotReceive(Request r) {
        return agencies.find(r.recipient()).map(a -> a.certificatePem() == null).orElse(true);
    }

    /** Not sent, and why: the sender's flow records it with its own records. */
    public NotSent notSent(Request r) {
        boolean known = agencies.find(r.recipient()).isPresent();
        return new NotSent(r.recipient(), AuditEntry.system(Action.DELIVER, r.messageType() + "/" + r.reference(), r.nhsNumber(), "not-sent",
                r.recipient() + (known ? " has no certificate in the agencies directory" : " is not in the agencies directory")));
    }

    /**
     * Signed by the gateway and encrypted to the recipient's certificate alone; the copy's channels are the recipient's. A copy
     * that goes to MESH in an adapter's format is queued until the recipient's system says it has it.
     */
    public Sealed seal(Request r) {
        Agency recipient = agencies.find(r.recipient()).orElseThrow(() -> new IllegalStateException("not sendable: " + r.recipient()));
        byte[] envelope = cms.signAndEncrypt(r.content(), certificates.get(recipient.certificatePem(), Pem::readCertificate));
        String meshFormat = mesh.formatFor(r.messageType(), recipient);
        boolean awaitsItsSystem = MeshChannel.isPlaintext(meshFormat);
        Instant now = clock.instant();
        Delivery d = new Delivery(copyId(r), r.messageType(), r.reference(), r.sender(), r.recipient(), r.nhsNumber(), r.summary(),
                awaitsItsSystem ? Delivery.Status.QUEUED : Delivery.Status.DELIVERED, now, awaitsItsSystem ? null : now, null, r.due(), null,
                0, null, null, meshFormat, null);
        String channels = "copy " + d.id() + " in the inbox of " + r.recipient()
                + (meshFormat == null ? "" : "; to its MESH mailbox " + recipient.mesh().mailbox() + MeshChannel.protection(meshFormat));
        return new Sealed(d, envelope, recipient.pushUrl() != null, awaitsItsSystem ? mesh.sealForSending(r.content()) : null,
                AuditEntry.system(Action.DELIVER, r.messageType() + "/" + r.reference(), r.nhsNumber(), d.status().name().toLowerCase(), channels));
    }

    /**
     * The flow's own effect and records, then every sealed copy (stored, in the recipient's inbox, queued to its push channel)
     * with a record per copy: one commit, the audit writer's. An exception from {@code effect} (e.g. the flow finding its work
     * done already) rolls all of it back and records nothing.
     */
    public void commit(List<AuditEntry> flowRecords, Runnable effect, List<? extends Prepared> copies) {
        List<AuditEntry> records = new ArrayList<>(flowRecords);
        copies.forEach(c -> records.add(c.record()));
        audit.appendAll(records, () -> {
            effect.run();
            for (Prepared copy : copies) {
                if (copy instanceof Sealed sealed) {
                    store(sealed);
                }
            }
        });
    }

    /** A copy's channels: the delivery row with its envelope, the inbox, the recipient's own system and MESH mailbox when it has them. */
    private void store(Sealed copy) {
        Delivery d = copy.delivery();
        deliveries.add(d, copy.envelope(), copy.meshPayload());
        inbox.deliver(new InboxMessage(d.id(), d.recipient(), d.messageType(), d.queuedAt(), d.nhsNumber(), d.reference(), d.summary(),
                null, null));
        if (copy.push()) {
            outbox.enqueue(DeliveryQueues.PUSH, "push-" + d.id(), new DeliveryQueues.DeliveryRef(d.id()));
        }
        if (d.meshFormat() != null) {
            outbox.enqueue(DeliveryQueues.MESH, "mesh-" + d.id(), new DeliveryQueues.DeliveryRef(d.id()));
        }
    }

    /** Stable for one kind of message, one reference and one recipient (and what it is about): a retried flow cannot make a second copy. */
    static String copyId(Request r) {
        String what = r.messageType() + "\n" + r.reference() + "\n" + r.recipient() + (r.about() == null ? "" : "\n" + r.about());
        return UUID.nameUUIDFromBytes(what.getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static List<Sealed> sealedOnly(List<? extends Prepared> copies) {
        return copies.stream().filter(Sealed.class::isInstance).map(Sealed.class::cast).toList();
    }
}
