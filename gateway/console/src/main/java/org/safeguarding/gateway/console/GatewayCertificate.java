package org.safeguarding.gateway.console;

import org.safeguarding.gateway.security.crypto.GatewayKeys;
import org.safeguarding.gateway.security.crypto.Pem;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The gateway's CA certificate (public: the one file an auditor or recipient needs to check the gateway's signatures),
 * which the browser pins beside the organisation's key when the key is first kept, and checks every copy against.
 */
@RestController
class GatewayCertificate {

    private final String pem;

    GatewayCertificate(GatewayKeys keys) {
        this.pem = Pem.encode(keys.caCertificate());
    }

    @GetMapping(path = "/gateway-ca.pem", produces = "application/x-pem-file")
    ResponseEntity<String> pem() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-pem-file"))
                .cacheControl(CacheControl.noCache()).body(pem);
    }
}
