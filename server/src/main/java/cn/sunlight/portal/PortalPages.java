package cn.sunlight.portal;

import cn.sunlight.common.Role;
import io.quarkus.qute.TemplateInstance;

/** Small rules every portal page follows. */
public final class PortalPages {

    private PortalPages() {
    }

    /** Renders in the reader's language: message bundles and {@link PortalFormats} read the "locale" attribute. */
    public static TemplateInstance page(TemplateInstance instance, PortalContext portal) {
        return instance.setLocale(portal.locale());
    }

    /**
     * A return address from a query or form: only a path on this site ("/…", never "//host" or a scheme), so a
     * crafted link cannot bounce a freshly signed-in user to another site.
     */
    public static String safeReturn(String candidate, String fallback) {
        if (candidate == null || candidate.isBlank() || !candidate.startsWith("/") || candidate.startsWith("//")
                || candidate.contains("\\") || candidate.chars().anyMatch(Character::isISOControl)) {
            return fallback;
        }
        return candidate;
    }

    /** Where an account of this role lands after signing in. */
    public static String homeOf(Role role) {
        return switch (role) {
            case TENDERER, AGENT -> "/workspace";
            case BIDDER -> "/bidder";
            case SUPERVISOR -> "/desk";
            case OPERATOR -> "/exchange";
            default -> "/";
        };
    }
}
