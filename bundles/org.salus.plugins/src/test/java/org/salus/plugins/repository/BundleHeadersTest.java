package org.salus.plugins.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class BundleHeadersTest {

    static Manifest manifest(String... headers) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < headers.length; i += 2) {
            m.getMainAttributes().putValue(headers[i], headers[i + 1]);
        }
        return m;
    }

    static final Manifest CONSUMER = manifest("Bundle-SymbolicName", "org.example.consumer;singleton:=true", "Bundle-Version", "1.2.3",
            "Import-Package", "org.example.api;version=\"[1.0,2)\",org.example.extra;resolution:=optional,org.osgi.framework",
            "Require-Capability", "osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=17))\",osgi.service;filter:=\"(objectClass=x.Y)\";effective:=active");

    static final Manifest LIBRARY = manifest("Bundle-SymbolicName", "org.example.library", "Bundle-Version", "1.4.0",
            "Export-Package", "org.example.api;version=\"1.5.0\";uses:=\"org.example.other\",org.example.util");

    @Test
    void importsBecomeFiltersThatOnlyAMatchingExportMeets() {
        PluginResource consumer = BundleHeaders.describe(CONSUMER, "c.jar", 10, "00");
        PluginResource library = BundleHeaders.describe(LIBRARY, "l.jar", 10, "00");
        assertEquals("org.example.consumer", consumer.symbolicName());
        assertEquals("1.2.3", consumer.version());
        Requirement api = consumer.requirements().get(0);
        assertEquals("(&(osgi.wiring.package=org.example.api)(version>=1.0.0)(!(version>=2.0.0)))", api.filter());
        assertTrue(library.provides(api), "1.5.0 is in [1.0,2)");
        PluginResource old = BundleHeaders.describe(manifest("Bundle-SymbolicName", "old", "Export-Package", "org.example.api;version=0.9"), "o.jar", 1,
                "00");
        assertFalse(old.provides(api), "0.9 is not");
        assertTrue(consumer.requirements().get(1).optional());
        Requirement service = consumer.requirements().get(4);
        assertFalse(service.neededToResolve(), "a service requirement counts only when active");
        assertEquals("package org.example.api (version 1.0.0 or later, below 2.0.0)", api.describe());
    }

    @Test
    void theIndexKeepsTypesAndDirectivesAcrossWriteAndRead() throws Exception {
        PluginResource consumer = BundleHeaders.describe(CONSUMER, "jars/c_1.2.3.jar", 1234, "ab12");
        PluginResource library = BundleHeaders.describe(LIBRARY, "jars/l_1.4.0.jar", 99, "cd34");
        String xml = PluginIndex.write("test <repo>", 7, List.of(consumer, library));
        List<PluginResource> read = PluginIndex.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, read.size());
        PluginResource c = read.get(0);
        assertEquals("org.example.consumer", c.symbolicName());
        assertEquals("jars/c_1.2.3.jar", c.url());
        assertEquals(1234, c.size());
        assertEquals("ab12", c.sha256());
        assertEquals(consumer.requirements(), c.requirements());
        Capability export = read.get(1).capabilities().stream().filter(x -> x.namespace().equals("osgi.wiring.package")).findFirst().orElseThrow();
        assertEquals(new Version(1, 5, 0), export.attributes().get("version"));
        assertTrue(read.get(1).provides(c.requirements().get(0)));
    }

    @Test
    void listTypedAttributesSurviveTheIndex() throws Exception {
        // what bnd writes for a Declarative Services component's service: a List<String> attribute
        PluginResource register = BundleHeaders.describe(manifest("Bundle-SymbolicName", "org.example.register", "Bundle-Version", "1.0.0",
                "Provide-Capability", "osgi.service;objectClass:List<String>=\"org.example.Register,org.example.Report\";uses:=\"org.example\""),
                "jars/r_1.0.0.jar", 10, "ef56");
        String xml = PluginIndex.write("repo", 1, List.of(register));
        assertTrue(xml.contains("type=\"List&lt;String&gt;\""), xml);
        PluginResource read = PluginIndex.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).get(0);
        Capability service = read.capabilities().stream().filter(x -> x.namespace().equals("osgi.service")).findFirst().orElseThrow();
        assertEquals(List.of("org.example.Register", "org.example.Report"), service.attributes().get("objectClass"));
    }

    @Test
    void aJarWithoutSymbolicNameIsNotABundle() {
        assertThrows(IllegalArgumentException.class, () -> BundleHeaders.describe(manifest("Bundle-Version", "1"), "x.jar", 1, "00"));
    }

    @Test
    void exclusiveRangesAndBareVersions() {
        assertEquals("(!(version<=1.0.0))(version<=2.0.0)", BundleHeaders.range("(1.0,2.0]", "version"));
        assertEquals("(version>=1.2.0)", BundleHeaders.range("1.2", "version"));
    }
}
