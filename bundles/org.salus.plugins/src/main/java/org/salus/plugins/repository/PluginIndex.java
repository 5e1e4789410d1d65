package org.salus.plugins.repository;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.osgi.framework.Version;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The repository index in the OSGi Repository XML format (namespace {@value #NAMESPACE}): one {@code resource} per
 * plugin jar with its {@code osgi.identity} and {@code osgi.content} capabilities (address, size, SHA-256), the
 * capabilities it provides and the requirements it has. Any OSGi resolver can read it.
 */
public final class PluginIndex {

    /** The XML namespace of OSGi Repository indexes. */
    public static final String NAMESPACE = "http://www.osgi.org/xmlns/repository/v1.0.0";

    private PluginIndex() {
    }

    /** Writes the index of {@code resources}, named {@code name}. */
    public static String write(String name, long increment, Collection<PluginResource> resources) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<repository xmlns=\"").append(NAMESPACE).append("\" name=\"").append(escape(name)).append("\" increment=\"").append(increment)
                .append("\">\n");
        for (PluginResource r : resources) {
            x.append("  <resource>\n");
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("osgi.content", r.sha256());
            content.put("url", r.url());
            content.put("size", r.size());
            content.put("mime", "application/vnd.osgi.bundle");
            write(x, "capability", "osgi.content", content, Map.of());
            for (Capability c : r.capabilities()) {
                write(x, "capability", c.namespace(), c.attributes(), c.directives());
            }
            for (Requirement q : r.requirements()) {
                write(x, "requirement", q.namespace(), q.attributes(), q.directives());
            }
            x.append("  </resource>\n");
        }
        return x.append("</repository>\n").toString();
    }

    private static void write(StringBuilder x, String element, String namespace, Map<String, Object> attributes, Map<String, String> directives) {
        x.append("    <").append(element).append(" namespace=\"").append(escape(namespace)).append("\">\n");
        for (Map.Entry<String, Object> a : attributes.entrySet()) {
            x.append("      <attribute name=\"").append(escape(a.getKey())).append('"');
            String type = type(a.getValue());
            if (type != null) {
                x.append(" type=\"").append(escape(type)).append('"');
            }
            Object v = a.getValue();
            String value = v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v);
            x.append(" value=\"").append(escape(value)).append("\"/>\n");
        }
        for (Map.Entry<String, String> d : directives.entrySet()) {
            x.append("      <directive name=\"").append(escape(d.getKey())).append("\" value=\"").append(escape(d.getValue())).append("\"/>\n");
        }
        x.append("    </").append(element).append(">\n");
    }

    private static String type(Object v) {
        if (v instanceof Version) {
            return "Version";
        }
        if (v instanceof Long || v instanceof Integer) {
            return "Long";
        }
        if (v instanceof Double) {
            return "Double";
        }
        if (v instanceof List<?> l) {
            String element = l.isEmpty() ? null : type(l.get(0));
            return element == null ? "List<String>" : "List<" + element + ">";
        }
        return null;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * Reads an index; the resources' addresses stay as written (resolve them against the index's address).
     *
     * @throws IOException when the text is not such an index
     */
    public static List<PluginResource> read(InputStream in) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            doc = b.parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("not a plugin repository index: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!"repository".equals(root.getLocalName())) {
            throw new IOException("not a plugin repository index: the document is <" + root.getLocalName() + ">, not <repository>");
        }
        List<PluginResource> resources = new ArrayList<>();
        for (Element res : children(root, "resource")) {
            List<Capability> caps = new ArrayList<>();
            List<Requirement> reqs = new ArrayList<>();
            Map<String, Object> content = null;
            for (Element e : children(res, null)) {
                Map<String, Object> attributes = new LinkedHashMap<>();
                Map<String, String> directives = new LinkedHashMap<>();
                for (Element a : children(e, "attribute")) {
                    attributes.put(a.getAttribute("name"), typed(a.getAttribute("type"), a.getAttribute("value")));
                }
                for (Element d : children(e, "directive")) {
                    directives.put(d.getAttribute("name"), d.getAttribute("value"));
                }
                String ns = e.getAttribute("namespace");
                if ("capability".equals(e.getLocalName())) {
                    if ("osgi.content".equals(ns)) {
                        content = attributes;
                    } else {
                        caps.add(new Capability(ns, attributes, directives));
                    }
                } else if ("requirement".equals(e.getLocalName())) {
                    reqs.add(new Requirement(ns, attributes, directives));
                }
            }
            Capability identity = caps.stream().filter(c -> "osgi.identity".equals(c.namespace())).findFirst()
                    .orElseThrow(() -> new IOException("an index resource without osgi.identity"));
            if (content == null) {
                throw new IOException("the index resource " + identity.attributes().get("osgi.identity") + " has no osgi.content (no jar address)");
            }
            String bsn = String.valueOf(identity.attributes().get("osgi.identity"));
            String version = String.valueOf(identity.attributes().getOrDefault("version", "0.0.0"));
            Object size = content.get("size");
            resources.add(new PluginResource(bsn, version, bsn, String.valueOf(content.get("url")), size instanceof Long l ? l : -1L,
                    String.valueOf(content.get("osgi.content")), caps, reqs));
        }
        return resources;
    }

    private static Object typed(String type, String value) {
        if (type == null || type.isEmpty() || type.equals("String")) {
            return value;
        }
        if (type.startsWith("List")) {
            String element = type.contains("<") ? type.substring(type.indexOf('<') + 1, type.indexOf('>')).trim() : "String";
            List<Object> list = new ArrayList<>();
            for (String v : value.split(",")) {
                list.add(typed(element, v.trim()));
            }
            return List.copyOf(list);
        }
        return switch (type) {
            case "Version" -> Version.parseVersion(value);
            case "Long" -> Long.valueOf(value.trim());
            case "Double" -> Double.valueOf(value.trim());
            default -> value;
        };
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && (localName == null || localName.equals(e.getLocalName()))) {
                out.add(e);
            }
        }
        return out;
    }
}
