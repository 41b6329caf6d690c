package org.safeguarding.gateway.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
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

    private final Path certificate;

    GatewayCertificate(@Value("${gateway.data-directory}") Path dataDirectory) {
        this.certificate = dataDirectory.resolve("gateway-ca.pem");
    }

    @GetMapping(path = "/gateway-ca.pem", produces = "application/x-pem-file")
    ResponseEntity<String> pem() throws IOException {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-pem-file"))
                .cacheControl(CacheControl.noCache()).body(Files.readString(certificate));
    }
}
