package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.dv.NoticeFormat;
import org.safeguarding.gateway.core.dv.NoticeFormats;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway is assembled from the adapters on its classpath, each found by its own auto-configuration (nothing in the
 * server names one), and DV routing's wiring refuses to start without a notice format for each audience. Only that check
 * runs here, as at start; the rest of the wiring is defined and left unmade.
 */
class AdapterAssemblyTest {

    private static final String ADAPTERS = "org.safeguarding.gateway.adapters.";

    /** The adapters' auto-configurations as Spring Boot finds them (their jars' AutoConfiguration.imports), less some. */
    private static Class<?>[] adaptersExcept(String... leftOut) {
        ClassLoader loader = AdapterAssemblyTest.class.getClassLoader();
        return ImportCandidates.load(AutoConfiguration.class, loader).getCandidates().stream()
                .filter(name -> name.startsWith(ADAPTERS) && Arrays.stream(leftOut).noneMatch(name::startsWith))
                .map(name -> ClassUtils.resolveClassName(name, loader)).toArray(Class<?>[]::new);
    }

    private static ApplicationContextRunner gatewayWith(Class<?>... adapters) {
        return new ApplicationContextRunner()
                .withInitializer(context -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
                .withBean(LazyInitializationExcludeFilter.class, () -> LazyInitializationExcludeFilter.forBeanTypes(NoticeFormats.class))
                .withBean(JsonMapper.class, () -> JsonMapper.builder().build())
                .withUserConfiguration(DvConfiguration.class)
                .withConfiguration(AutoConfigurations.of(adapters));
    }

    @Test
    void withEveryAdapterEachAudienceHasItsNoticeFormat() {
        Class<?>[] adapters = adaptersExcept();
        assertThat(adapters).isNotEmpty().allSatisfy(a -> assertThat(a.getName()).startsWith(ADAPTERS).endsWith("AutoConfiguration"));
        gatewayWith(adapters).run(context -> {
            assertThat(context).hasNotFailed();
            NoticeFormats formats = context.getBean(NoticeFormats.class);
            for (NoticeFormat.Audience audience : NoticeFormat.Audience.values()) {
                assertThat(formats.format(audience).audience()).isEqualTo(audience);
            }
        });
    }

    @Test
    void withoutTheSchoolAdapterTheGatewayRefusesToStartAndSaysWhatIsMissing() {
        gatewayWith(adaptersExcept(ADAPTERS + "school.")).run(context -> assertThat(context).hasFailed().getFailure()
                .rootCause().hasMessageContaining("SCHOOL (usually from adapters/school)").hasMessageNotContaining("LOCAL_AUTHORITY"));
    }
}
