package cn.sunlight.ocds.service;

import cn.sunlight.account.Organisation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.sunlight.ocds.service.ReleaseBuilder.SCHEME;
import static cn.sunlight.ocds.service.ReleaseBuilder.castList;

/** The parties of a release, each once, with every role it plays; identified by its unified social credit code. */
final class ReleaseParties {
    private final Map<String, Map<String, Object>> byId = new LinkedHashMap<>();

    Map<String, Object> add(Organisation o, String role) {
        String id = SCHEME + "-" + o.creditCode;
        Map<String, Object> p = byId.computeIfAbsent(id, k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("name", o.name);
            m.put("identifier", Map.of("scheme", SCHEME, "id", o.creditCode, "legalName", o.name));
            if (o.region != null) {
                m.put("address", Map.of("region", o.region, "countryName", "中国"));
            }
            m.put("roles", new ArrayList<String>());
            return m;
        });
        List<String> roles = castList(p.get("roles"));
        if (!roles.contains(role)) {
            roles.add(role);
        }
        return Map.of("id", id, "name", o.name);
    }

    List<Map<String, Object>> list() {
        return List.copyOf(byId.values());
    }
}
