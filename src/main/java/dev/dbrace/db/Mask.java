package dev.dbrace.db;

import java.util.regex.Pattern;

/** Removes passwords from anything dbrace prints or writes: JDBC URLs, messages, stack traces. */
public final class Mask {

    public static final String MASK = "****";

    // password=…, pass=…, pwd=… up to the next separator of a JDBC URL or a space
    private static final Pattern PARAM = Pattern.compile("(?i)((?:password|passwd|pwd|pass)\\s*=\\s*)[^&;,\\s)]*");
    // scheme://user:secret@host
    private static final Pattern USERINFO = Pattern.compile("(//[^/:@\\s]+:)[^@/\\s]*(@)");

    private Mask() {
    }

    /** The text with every password-looking value replaced by {@value #MASK}. */
    public static String text(String s) {
        if (s == null) {
            return null;
        }
        String out = PARAM.matcher(s).replaceAll("$1" + MASK);
        return USERINFO.matcher(out).replaceAll("$1" + MASK + "$2");
    }

    /** The text with one known secret removed as well, wherever it appears. */
    public static String text(String s, String secret) {
        String out = text(s);
        if (out != null && secret != null && secret.length() >= 3) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
