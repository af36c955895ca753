package cn.sunlight.supervision.service;

import cn.sunlight.common.page.Cursor;
import cn.sunlight.common.page.Page;
import cn.sunlight.common.page.PageRequest;
import cn.sunlight.supervision.Complaint;

import java.time.Instant;
import java.util.List;

/** Complaints newest first, a keyset page on (received_at, id) — complaint_received_idx (V18). */
final class ComplaintPages {

    private ComplaintPages() {
    }

    static Page<Complaint> page(PageRequest page) {
        Cursor c = page.cursor();
        List<Complaint> rows;
        if (c == null) {
            rows = Complaint.<Complaint>find("order by receivedAt desc, id desc").range(0, page.limit()).list();
        } else {
            Instant at = c.instantKey(PageRequest.CURSOR, 0);
            long id = c.longKey(PageRequest.CURSOR, 1);
            rows = page.backwards()
                    ? Complaint.<Complaint>find("receivedAt > ?1 or (receivedAt = ?1 and id > ?2) order by receivedAt asc, id asc", at, id)
                            .range(0, page.limit()).list()
                    : Complaint.<Complaint>find("receivedAt < ?1 or (receivedAt = ?1 and id < ?2) order by receivedAt desc, id desc", at, id)
                            .range(0, page.limit()).list();
        }
        return Page.of(page, rows, x -> new Object[]{x.receivedAt, x.id});
    }
}
