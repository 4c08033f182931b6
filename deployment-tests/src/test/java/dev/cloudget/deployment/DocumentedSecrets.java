package dev.cloudget.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Secrets the README (Deploy) tells an operator to create before applying the production overlay: its table
 * between {@code <!-- secrets -->} and {@code <!-- /secrets -->}, a row per Secret (or per group of Secrets with the
 * same keys): the names in backticks in the first column ("optional" there when the pods start without it), the keys
 * in backticks in the second.
 */
record DocumentedSecrets(Map<String, Set<String>> keys, Set<String> optional) {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    static DocumentedSecrets fromReadme() {
        String readme;
        try {
            readme = Files.readString(Repository.ROOT.resolve("README.md"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int start = readme.indexOf("<!-- secrets");
        int end = readme.indexOf("<!-- /secrets -->");
        if (start < 0 || end < start) {
            throw new AssertionError("README.md has no table of Secrets between <!-- secrets ... --> and <!-- /secrets -->");
        }
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        Set<String> optional = new TreeSet<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (!line.startsWith("|") || line.startsWith("|---") || !line.contains("`")) {
                continue;
            }
            String[] cells = line.split("\\|");
            List<String> names = codes(cells[1]);
            List<String> rowKeys = codes(cells[2]);
            for (String name : names) {
                keys.computeIfAbsent(name, n -> new TreeSet<>()).addAll(rowKeys);
                if (cells[1].contains("optional")) {
                    optional.add(name);
                }
            }
        }
        return new DocumentedSecrets(keys, optional);
    }

    private static List<String> codes(String cell) {
        Matcher matcher = CODE.matcher(cell);
        List<String> found = new java.util.ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
