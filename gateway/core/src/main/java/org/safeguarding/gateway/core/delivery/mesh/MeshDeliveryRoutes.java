package org.safeguarding.gateway.core.delivery.mesh;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.delivery.Deliveries;
import org.safeguarding.gateway.core.delivery.Delivery;
import org.safeguarding.gateway.core.delivery.DeliveryEscalation;
import org.safeguarding.gateway.core.delivery.DeliveryQueues;
import org.safeguarding.gateway.core.delivery.SecureCopies;
import org.safeguarding.gateway.core.delivery.SecureCopyRoute;
import org.safeguarding.gateway.core.flow.AlreadyDone;
import org.safeguarding.gateway.core.flow.ErrorPolicy;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.scheduling.Timers;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MESH channel of secure copies, when the gateway has a MESH mailbox:
 * <ul>
 *   <li>{@code delivery-mesh}: a copy to the recipient's MESH mailbox, as its CMS envelope or in its adapter's format
 *       ({@link MeshChannel}). A failure (MESH down, or refusing) rolls the JMS transaction back and the broker redelivers
 *       with back-off; after the last attempt it moves the copy to {@code DLQ.delivery-mesh};</li>
 *   <li>{@code delivery-mesh-dead-letter}: a copy MESH never took is marked failed, for an operator to re-run;</li>
 *   <li>{@code mesh-inbox}: on a timer, what arrived in the gateway's own MESH mailbox: a recipient system's answer moves
 *       its copy on (delivered, acknowledged), a refusal or a non-delivery report fails it and tells its sender at once;
 *       each message is acknowledged in MESH only once what it says is committed, so a crash downloads it again and the
 *       conditional updates find it done.</li>
 * </ul>
 */
public class MeshDeliveryRoutes extends RouteBuilder {

    public static final String INBOX_URI = "direct:mesh-inbox";
    private static final String INCOMING = "meshIncoming";
    private static final String ANSWER = "meshAnswer";

    /** A copy and the MESH message that carries it. */
    public record Send(Delivery copy, MeshClient.Outgoing message) {}

    /** A copy and MESH's id for it, once MESH took it. */
    public record Sent(Delivery copy, String messageId) {}

    /** What a message in the gateway's inbox says about one of its copies. */
    public record Answer(Delivery copy, MeshFormat.Outcome outcome, String reason) {
        public boolean failed() {
            return outcome == MeshFormat.Outcome.FAILED;
        }
    }

    private final MeshClient mesh;
    private final MeshChannel channel;
    private final Deliveries deliveries;
    private final AgencyDirectory agencies;
    private final DeliveryEscalation escalation;
    private final SecureCopies copies;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;
    private final long pollMillis;

    public MeshDeliveryRoutes(MeshClient mesh, MeshChannel channel, Deliveries deliveries, AgencyDirectory agencies,
            DeliveryEscalation escalation, SecureCopies copies, AuditTrail audit, JsonMapper json, Clock clock, long pollMillis) {
        this.mesh = mesh;
        this.channel = channel;
        this.deliveries = deliveries;
        this.agencies = agencies;
        this.escalation = escalation;
        this.copies = copies;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.pollMillis = pollMillis;
    }

    @Override
    public void configure() {
        from("jms:queue:" + DeliveryQueues.MESH + "?transacted=true").routeId("delivery-mesh").routeConfigurationId(ErrorPolicy.ID)
                .setBody(method(this, "deliveryId"))
                .setBody(method(this, "awaitingSend"))          // the copy, unless MESH has it already
                .filter(body().isNotNull())
                .setBody(method(this, "message"))               // the envelope, or the adapter's format from the copy's sealed content
                .setBody(method(this, "send"))                  // to the recipient's mailbox; a failure is retried by the broker
                .bean(this, "recordSent");                      // MESH's id kept and audited: one commit

        from("jms:queue:" + DeliveryQueues.MESH_DEAD_LETTER + "?transacted=true").routeId("delivery-mesh-dead-letter")
                .routeConfigurationId(ErrorPolicy.ID)
                .setBody(method(this, "deliveryId"))
                .bean(this, "deadLettered");                    // failed for good, for an operator: marked and audited

        from(Timers.every("mesh-inbox", pollMillis)).routeId("mesh-inbox-timer").routePolicyRef(Timers.ON_ONE_NODE).to(INBOX_URI);

        from(INBOX_URI).routeId("mesh-inbox").routeConfigurationId(ErrorPolicy.IN_CALLER)
                .setBody(method(this, "waiting"))               // the ids in the gateway's MESH inbox
                .split(body())
                    .setBody(method(this, "download"))
                    .setProperty(INCOMING, body())
                    .setBody(method(this, "answer"))            // which copy it is about and what it says, or null
                    .choice()
                        .when(method(this, "refused"))          // a non-delivery report, or the recipient's system said no
                            .setProperty(ANSWER, body())
                            .setBody(method(this, "failureNotice"))
                            .to(SecureCopyRoute.URI)            // the sender told at once, signed and encrypted to it
                            .bean(this, "recordFailed(${exchangeProperty." + ANSWER + "}, ${body})")
                        .otherwise()
                            .bean(this, "record(${body}, ${exchangeProperty." + INCOMING + "})")
                    .end()
                    .setBody(exchangeProperty(INCOMING))
                    .bean(this, "acknowledge")                  // it leaves the inbox only once its effect is committed
                .end();
    }

    public String deliveryId(String payload) {
        return DeliveryQueues.deliveryId(json, payload);
    }

    /** @return the copy to send, or null when MESH has it already (a redelivery after a crash) or it failed meanwhile */
    public Delivery awaitingSend(String id) {
        Delivery d = deliveries.find(id).orElseThrow(() -> new IllegalStateException("no delivery " + id));
        return d.meshFormat() != null && d.meshMessageId() == null && d.status() != Delivery.Status.FAILED
                && d.status() != Delivery.Status.ACKNOWLEDGED ? d : null;
    }

    public Send message(Delivery d) {
        Agency recipient = agencies.find(d.recipient()).orElseThrow(() -> new IllegalStateException("no agency " + d.recipient()));
        if (recipient.mesh() == null) {
            throw new IllegalStateException(d.recipient() + " has no MESH mailbox in the agencies directory any more");
        }
        if (!MeshChannel.isPlaintext(d.meshFormat())) {
            return new Send(d, new MeshClient.Outgoing(recipient.mesh().mailbox(), recipient.mesh().workflowId(), d.id() + ".p7m", d.id(),
                    null, "application/pkcs7-mime; smime-type=enveloped-data", deliveries.envelope(d.id()).orElseThrow()));
        }
        MeshFormat format = channel.format(d.meshFormat()).orElseThrow(() -> new IllegalStateException(
                "copy " + d.id() + " is to go to MESH as " + d.meshFormat() + ", but no adapter on the classpath provides that format"));
        byte[] content = channel.openForSending(deliveries.meshPayload(d.id()).orElseThrow());
        return new Send(d, format.message(d, content, recipient, channel.ownMailbox()));
    }

    public Sent send(Send s) throws IOException, InterruptedException {
        try {
            return new Sent(s.copy(), mesh.send(s.message()));
        } catch (IOException | MeshClient.MeshRefused e) {
            deliveries.recordPushAttempt(s.copy().id(), "MESH: " + e.getMessage());
            throw e;
        }
    }

    public void recordSent(Sent s) {
        Delivery d = s.copy();
        AlreadyDone.recordUnlessDone(audit, AuditEntry.system(Action.MESH, d.messageType() + "/" + d.reference(), d.nhsNumber(), "sent",
                "copy " + d.id() + " sent to the MESH mailbox of " + d.recipient() + MeshChannel.protection(d.meshFormat())
                        + "; MESH message " + s.messageId()), () -> {
                    if (!deliveries.markMeshSent(d.id(), s.messageId(), clock.instant())) {
                        throw new AlreadyDone();
                    }
                });
    }

    public void deadLettered(String id) {
        Delivery d = deliveries.find(id).orElseThrow(() -> new IllegalStateException("no delivery " + id));
        if (d.meshMessageId() != null) {
            return;
        }
        AlreadyDone.recordUnlessDone(audit, AuditEntry.system(Action.MESH, d.messageType() + "/" + d.reference(), d.nhsNumber(), "failed",
                "copy " + d.id() + " could not be sent to the MESH mailbox of " + d.recipient() + MeshChannel.protection(d.meshFormat())
                        + "; waiting for an operator"), () -> {
                    if (!deliveries.markMeshFailed(id, "MESH send failed after every attempt: " + d.lastError())) {
                        throw new AlreadyDone();
                    }
                });
    }

    public List<String> waiting() throws IOException, InterruptedException {
        return mesh.inbox();
    }

    public MeshClient.Incoming download(String id) throws IOException, InterruptedException {
        return mesh.download(id);
    }

    /**
     * What a message says about a copy: a non-delivery report names MESH's id of the copy; a recipient system's answer is
     * read by the format that sent it. Null for anything else (recorded and acknowledged, so the inbox does not fill).
     */
    public Answer answer(MeshClient.Incoming in) {
        if (in.isNonDeliveryReport()) {
            return Optional.ofNullable(in.linkedMessageId()).flatMap(deliveries::findByMeshMessage)
                    .map(d -> new Answer(d, MeshFormat.Outcome.FAILED, "MESH non-delivery report, code " + in.statusCode()
                            + (in.body() == null || in.body().length == 0 ? "" : ": " + text(in.body()))))
                    .orElse(null);
        }
        for (MeshFormat format : channel.formats()) {
            Optional<MeshFormat.Response> response = format.response(in);
            if (response.isPresent()) {
                MeshFormat.Response r = response.get();
                return deliveries.find(r.deliveryId())
                        .map(d -> new Answer(d, r.outcome(), d.recipient() + "'s system answered " + r.code() + " " + r.text()))
                        .orElse(null);
            }
        }
        return null;
    }

    public boolean refused(Answer a) {
        return a != null && a.failed();
    }

    public SecureCopies.Request failureNotice(Answer a) {
        return escalation.failureNoticeFor(a.copy(), a.reason());
    }

    /** Failed, its sender's notice, and the records, in one commit; nothing when it had failed (and been told) already. */
    public void recordFailed(Answer a, SecureCopies.Prepared notice) {
        Delivery d = a.copy();
        try {
            copies.commit(List.of(
                    AuditEntry.system(Action.MESH, d.messageType() + "/" + d.reference(), d.nhsNumber(), "failed",
                            "copy " + d.id() + " to " + d.recipient() + MeshChannel.protection(d.meshFormat()) + ": " + a.reason()),
                    AuditEntry.system(Action.ESCALATE, d.messageType() + "/" + d.reference(), d.nhsNumber(), "failed",
                            "copy " + d.id() + " to " + d.recipient() + " failed; its sender " + d.sender() + " told")), () -> {
                        if (!deliveries.markMeshFailed(d.id(), a.reason())) {
                            throw new AlreadyDone();
                        }
                        deliveries.markEscalated(d.id(), clock.instant());
                    }, List.of(notice));
        } catch (AlreadyDone before) {
            // failed and told before: this report was downloaded again after a crash, or repeats one
        }
    }

    /** A recipient system's good news: the copy moves on (never back), recorded with its code. */
    public void record(Answer a, MeshClient.Incoming in) {
        if (a == null) {
            audit.append(AuditEntry.system(Action.MESH, "mesh/" + in.id(), null, "ignored",
                    "MESH message " + in.id() + " (" + in.messageType() + ", workflow " + in.workflowId() + ", from " + in.from()
                            + ") answers no copy the gateway knows; acknowledged"), () -> {});
            return;
        }
        Delivery d = a.copy();
        boolean acknowledged = a.outcome() == MeshFormat.Outcome.ACKNOWLEDGED;
        AlreadyDone.recordUnlessDone(audit, AuditEntry.system(Action.MESH, d.messageType() + "/" + d.reference(), d.nhsNumber(), acknowledged ? "acknowledged" : "delivered",
                "copy " + d.id() + MeshChannel.protection(d.meshFormat()) + ": " + a.reason()), () -> {
                    boolean moved = acknowledged ? deliveries.markAcknowledged(d.id(), clock.instant())
                            : deliveries.markDelivered(d.id(), clock.instant());
                    if (!moved) {
                        throw new AlreadyDone();
                    }
                });
    }

    public void acknowledge(MeshClient.Incoming in) throws IOException, InterruptedException {
        mesh.acknowledge(in.id());
    }


    private static String text(byte[] body) {
        String s = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
