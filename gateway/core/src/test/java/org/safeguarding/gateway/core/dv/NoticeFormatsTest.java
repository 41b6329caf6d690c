package org.safeguarding.gateway.core.dv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.safeguarding.gateway.core.dv.NoticeFormat.Audience;

/** DV routing's formats are checked when they are put together: one per audience, no more and no fewer. */
class NoticeFormatsTest {

    private record Format(Audience audience) implements NoticeFormat {
        @Override
        public byte[] render(DvNotification notification, List<MatchedChild> children) {
            return new byte[0];
        }

        @Override
        public String summary(DvNotification notification, List<MatchedChild> children) {
            return audience.name();
        }
    }

    private static final Format LA = new Format(Audience.LOCAL_AUTHORITY);
    private static final Format SCHOOL = new Format(Audience.SCHOOL);
    private static final Format HV = new Format(Audience.HEALTH_VISITING);

    @Test
    void eachAudienceHasItsFormat() {
        NoticeFormats formats = new NoticeFormats(List.of(SCHOOL, HV, LA));
        assertThat(formats.format(Audience.LOCAL_AUTHORITY)).isSameAs(LA);
        assertThat(formats.format(Audience.SCHOOL)).isSameAs(SCHOOL);
        assertThat(formats.format(Audience.HEALTH_VISITING)).isSameAs(HV);
    }

    @Test
    void aMissingFormatIsRefusedNamingTheAudienceAndItsAdapter() {
        assertThatThrownBy(() -> new NoticeFormats(List.of(LA, HV))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SCHOOL (usually from adapters/school)")
                .hasMessageNotContaining("LOCAL_AUTHORITY").hasMessageNotContaining("HEALTH_VISITING");
        assertThatThrownBy(() -> new NoticeFormats(List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LOCAL_AUTHORITY (usually from adapters/social-care)")
                .hasMessageContaining("SCHOOL (usually from adapters/school)")
                .hasMessageContaining("HEALTH_VISITING (usually from adapters/health-visiting)");
    }

    @Test
    void twoFormatsForOneAudienceAreRefused() {
        assertThatThrownBy(() -> new NoticeFormats(List.of(LA, SCHOOL, HV, new Format(Audience.SCHOOL))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two notice formats for SCHOOL");
    }
}
