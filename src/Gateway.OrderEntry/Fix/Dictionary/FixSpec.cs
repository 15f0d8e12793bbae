// Compiled twice: into Gateway.OrderEntry (a venue's dictionary loaded at start-up) and into the
// source generator (netstandard2.0, FIX44.xml compiled at build time). Keep it to what both have:
// no spans in signatures, no records, no file access, and string APIs netstandard2.0 has.
#pragma warning disable CA1865, CA1866, CA2249 // char overloads of EndsWith/Contains are not in netstandard2.0
using System;
using System.Collections.Generic;
using System.Text;
using System.Xml.Linq;

namespace Gateway.OrderEntry.Fix;

/// <summary>
/// A data dictionary as plain data, components resolved: the fields with their types and enumerated
/// values, the header and trailer, and every message's members in order, repeating groups nested.
/// Read from QuickFIX-format XML (<see cref="FromXml"/>) or from the compact text the build embeds
/// (<see cref="FromCompact"/>); <see cref="FixDictionary"/> builds its validation tables from it.
/// </summary>
internal sealed class FixSpec
{
    public string BeginString { get; set; } = "FIX.4.4";

    public List<FixSpecField> Fields { get; } = [];

    public List<FixSpecMember> Header { get; } = [];

    public List<FixSpecMember> Trailer { get; } = [];

    public List<FixSpecMessage> Messages { get; } = [];

    /// <summary>
    /// Reads a QuickFIX-format dictionary (&lt;fix&gt; with header, trailer, messages, components,
    /// fields). Component references are resolved: a member is required where it is required and
    /// every component around it is required. Throws <see cref="FormatException"/> naming the problem.
    /// </summary>
    public static FixSpec FromXml(string xml)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Parse(xml);
        }
        catch (System.Xml.XmlException e)
        {
            throw new FormatException("dictionary: not well-formed XML: " + e.Message);
        }

        XElement root = doc.Root ?? throw new FormatException("dictionary: empty document");
        if (root.Name.LocalName != "fix")
        {
            throw new FormatException("dictionary: the root element is <" + root.Name.LocalName + ">, not <fix>");
        }

        var spec = new FixSpec();
        string major = Attr(root, "major", "4"), minor = Attr(root, "minor", "4");
        spec.BeginString = Attr(root, "type", "FIX") + "." + major + "." + minor;

        var byName = new Dictionary<string, FixSpecField>(StringComparer.Ordinal);
        XElement fields = Child(root, "fields");
        foreach (XElement f in fields.Elements("field"))
        {
            string name = Attr(f, "name", null);
            string numberText = Attr(f, "number", null);
            if (!int.TryParse(numberText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int tag) || tag <= 0)
            {
                throw new FormatException("dictionary: field " + name + " has number '" + numberText + "', not a positive tag");
            }

            var field = new FixSpecField(tag, name, Attr(f, "type", null).ToUpperInvariant());
            foreach (XElement v in f.Elements("value"))
            {
                string value = Attr(v, "enum", null);
                if (value.Length == 0 || value.IndexOf(' ') >= 0 || value.IndexOf('\u0001') >= 0)
                {
                    throw new FormatException("dictionary: field " + name + " has the enumerated value '" + value + "' (empty or with a space or SOH)");
                }

                field.Values.Add(value);
            }

            if (byName.ContainsKey(name) || spec.Fields.Exists(x => x.Tag == tag))
            {
                throw new FormatException("dictionary: field " + name + " (" + tag + ") is defined twice");
            }

            byName.Add(name, field);
            spec.Fields.Add(field);
        }

        var components = new Dictionary<string, XElement>(StringComparer.Ordinal);
        XElement? componentsElement = root.Element("components");
        if (componentsElement is not null)
        {
            foreach (XElement c in componentsElement.Elements("component"))
            {
                components[Attr(c, "name", null)] = c;
            }
        }

        var resolver = new Resolver(byName, components);
        resolver.Members(Child(root, "header"), true, spec.Header, "header");
        resolver.Members(Child(root, "trailer"), true, spec.Trailer, "trailer");
        foreach (XElement m in Child(root, "messages").Elements("message"))
        {
            string msgType = Attr(m, "msgtype", null);
            if (msgType.Length == 0 || msgType.Length > 4)
            {
                throw new FormatException("dictionary: message " + Attr(m, "name", "?") + " has MsgType '" + msgType + "' (1 to 4 characters)");
            }

            var message = new FixSpecMessage(msgType, Attr(m, "name", null), Attr(m, "msgcat", "app") == "admin");
            resolver.Members(m, true, message.Members, "message " + message.Name);
            if (spec.Messages.Exists(x => x.MsgType == msgType))
            {
                throw new FormatException("dictionary: MsgType " + msgType + " is defined twice");
            }

            spec.Messages.Add(message);
        }

        return spec;
    }

    private sealed class Resolver(Dictionary<string, FixSpecField> fields, Dictionary<string, XElement> components)
    {
        private readonly HashSet<string> _open = new(StringComparer.Ordinal);

        public void Members(XElement parent, bool parentRequired, List<FixSpecMember> into, string where)
        {
            foreach (XElement e in parent.Elements())
            {
                string kind = e.Name.LocalName;
                string name = Attr(e, "name", null);
                bool required = parentRequired && Attr(e, "required", "N") is "Y" or "y";
                switch (kind)
                {
                    case "field":
                        into.Add(new FixSpecMember(Field(name, where).Tag, required, null));
                        break;
                    case "group":
                        FixSpecField count = Field(name, where);
                        var group = new List<FixSpecMember>();
                        // Members of a group are required inside each entry, whatever the group's own presence.
                        Members(e, true, group, where + "/" + name);
                        if (group.Count == 0)
                        {
                            throw new FormatException("dictionary: group " + name + " in " + where + " has no members");
                        }

                        into.Add(new FixSpecMember(count.Tag, required, group));
                        break;
                    case "component":
                        if (!components.TryGetValue(name, out XElement? c))
                        {
                            throw new FormatException("dictionary: " + where + " names component " + name + ", which is not defined");
                        }

                        if (!_open.Add(name))
                        {
                            throw new FormatException("dictionary: component " + name + " contains itself");
                        }

                        Members(c, required, into, where);
                        _open.Remove(name);
                        break;
                    default:
                        throw new FormatException("dictionary: unexpected <" + kind + "> in " + where);
                }
            }
        }

        private FixSpecField Field(string name, string where) =>
            fields.TryGetValue(name, out FixSpecField? f) ? f : throw new FormatException("dictionary: " + where + " names field " + name + ", which is not defined");
    }

    private static XElement Child(XElement parent, string name) =>
        parent.Element(name) ?? throw new FormatException("dictionary: <" + name + "> is missing");

    private static string Attr(XElement e, string name, string? fallback)
    {
        XAttribute? a = e.Attribute(name);
        if (a is not null)
        {
            return a.Value;
        }

        return fallback ?? throw new FormatException("dictionary: <" + e.Name.LocalName + "> without " + name + "=");
    }

    // ---- compact text (what the build embeds) -----------------------------------------------------
    //
    //   V FIX.4.4
    //   F <tag> <name> <TYPE> [<value> ...]
    //   H <members>            T <members>
    //   M <msgtype> <name> <admin|app> <members>
    //   members: <tag>[!] for a field, <tag>[!]{ <members> } for a group ("!" = required)

    public string ToCompact()
    {
        var sb = new StringBuilder();
        sb.Append("V ").Append(BeginString).Append('\n');
        foreach (FixSpecField f in Fields)
        {
            sb.Append("F ").Append(f.Tag).Append(' ').Append(f.Name).Append(' ').Append(f.Type);
            foreach (string v in f.Values)
            {
                sb.Append(' ').Append(v);
            }

            sb.Append('\n');
        }

        sb.Append('H');
        Write(sb, Header);
        sb.Append("\nT");
        Write(sb, Trailer);
        sb.Append('\n');
        foreach (FixSpecMessage m in Messages)
        {
            sb.Append("M ").Append(m.MsgType).Append(' ').Append(m.Name).Append(' ').Append(m.IsAdmin ? "admin" : "app");
            Write(sb, m.Members);
            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static void Write(StringBuilder sb, List<FixSpecMember> members)
    {
        foreach (FixSpecMember m in members)
        {
            sb.Append(' ').Append(m.Tag);
            if (m.Required)
            {
                sb.Append('!');
            }

            if (m.Group is not null)
            {
                sb.Append('{');
                Write(sb, m.Group);
                sb.Append(" }");
            }
        }
    }

    public static FixSpec FromCompact(string text)
    {
        var spec = new FixSpec();
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            string[] t = line.Split(' ');
            switch (t[0])
            {
                case "V":
                    spec.BeginString = t[1];
                    break;
                case "F":
                    var f = new FixSpecField(int.Parse(t[1], System.Globalization.CultureInfo.InvariantCulture), t[2], t[3]);
                    for (int i = 4; i < t.Length; i++)
                    {
                        f.Values.Add(t[i]);
                    }

                    spec.Fields.Add(f);
                    break;
                case "H":
                    Read(t, 1, spec.Header);
                    break;
                case "T":
                    Read(t, 1, spec.Trailer);
                    break;
                case "M":
                    var m = new FixSpecMessage(t[1], t[2], t[3] == "admin");
                    Read(t, 4, m.Members);
                    spec.Messages.Add(m);
                    break;
                default:
                    throw new FormatException("compact dictionary: unexpected line '" + line + "'");
            }
        }

        return spec;
    }

    private static int Read(string[] t, int i, List<FixSpecMember> into)
    {
        while (i < t.Length)
        {
            string token = t[i++];
            if (token == "}")
            {
                return i;
            }

            bool group = token.EndsWith("{", StringComparison.Ordinal);
            if (group)
            {
                token = token.Substring(0, token.Length - 1);
            }

            bool required = token.EndsWith("!", StringComparison.Ordinal);
            if (required)
            {
                token = token.Substring(0, token.Length - 1);
            }

            int tag = int.Parse(token, System.Globalization.CultureInfo.InvariantCulture);
            List<FixSpecMember>? members = null;
            if (group)
            {
                members = [];
                i = Read(t, i, members);
            }

            into.Add(new FixSpecMember(tag, required, members));
        }

        return i;
    }
}

/// <summary>A field: tag, name, QuickFIX type name (STRING, CHAR, INT, ...) and enumerated values (empty: any value of the type).</summary>
internal sealed class FixSpecField(int tag, string name, string type)
{
    public int Tag { get; } = tag;

    public string Name { get; } = name;

    public string Type { get; } = type;

    public List<string> Values { get; } = [];
}

/// <summary>A message type and its members in order (components resolved).</summary>
internal sealed class FixSpecMessage(string msgType, string name, bool isAdmin)
{
    public string MsgType { get; } = msgType;

    public string Name { get; } = name;

    public bool IsAdmin { get; } = isAdmin;

    public List<FixSpecMember> Members { get; } = [];
}

/// <summary>A field of a message, header, trailer or group entry; with <see cref="Group"/>, <see cref="Tag"/> is the NumInGroup field.</summary>
internal sealed class FixSpecMember(int tag, bool required, List<FixSpecMember>? group)
{
    public int Tag { get; } = tag;

    public bool Required { get; } = required;

    public List<FixSpecMember>? Group { get; } = group;
}
