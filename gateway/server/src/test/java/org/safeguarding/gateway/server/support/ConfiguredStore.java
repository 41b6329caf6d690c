package org.safeguarding.gateway.server.support;

import java.nio.file.Path;
import java.util.Properties;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/** The embedded store's JDBC URL exactly as application.yml configures it, for tests that open a store of their own. */
public final class ConfiguredStore {

    private ConfiguredStore() {}

    /** application.yml's {@code spring.datasource.url} with its data directory placeholder left in. */
    public static String url() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        Properties properties = yaml.getObject();
        String url = properties == null ? null : properties.getProperty("spring.datasource.url");
        if (url == null || !url.startsWith("jdbc:h2:")) {
            throw new IllegalStateException("application.yml configures no embedded H2 store: " + url);
        }
        return url;
    }

    /** The same URL on a data directory of the test's own. */
    public static String url(Path dataDirectory) {
        return url().replace("${gateway.data-directory}", dataDirectory.toString());
    }
}
