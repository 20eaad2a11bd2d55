package dev.dbrace.db;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the transaction list of {@code SHOW ENGINE INNODB STATUS}. */
final class InnodbStatus {

    /** "MySQL thread id 12," (MySQL) or "MariaDB thread id 12," (MariaDB). */
    private static final Pattern THREAD = Pattern.compile("(?:MySQL|MariaDB) thread id (\\d+)");

    private InnodbStatus() {
    }

    /**
     * The thread ids whose transaction is in {@code LOCK WAIT} right now. Only the list of transactions counts:
     * the latest detected deadlock, printed above it, shows its transactions as they waited then.
     */
    static Set<Long> lockWaiters(String status) {
        Set<Long> ids = new HashSet<>();
        int list = status.indexOf("\nTRANSACTIONS\n");
        String[] parts = status.substring(Math.max(list, 0)).split("\n---TRANSACTION ");
        for (int i = 1; i < parts.length; i++) {
            String trx = parts[i];
            if (!trx.contains("\nLOCK WAIT ")) {
                continue;
            }
            Matcher m = THREAD.matcher(trx);
            if (m.find()) {
                ids.add(Long.parseLong(m.group(1)));
            }
        }
        return ids;
    }
}
