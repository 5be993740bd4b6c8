package viz

import (
	"strconv"
	"strings"
	"unicode"
)

// escapeText makes s safe inside a quoted DOT string that Graphviz reads as
// text (tooltip, URL, plain label): &, <, >, " and every non-ASCII or
// control character become HTML character references, which Graphviz
// decodes for any charset. A backslash becomes `\\` and a zero-width space:
// Graphviz's escapes (\N, \n, \l, …) are expanded differently in labels
// and tooltips, and only a backslash followed by a character that is no
// escape comes out as itself in both (checked by TestRenderSVGHasEveryLabel).
func escapeText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\&#8203;`)
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		default:
			writeRef(&b, r)
		}
	}
	return b.String()
}

// escapeHTML makes s safe as text inside a Graphviz HTML-like label: the
// same references as escapeText, and a backslash doubled (Graphviz expands
// \N and the like inside HTML-like labels too; `\\` comes out as one backslash).
func escapeHTML(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		case '\\':
			b.WriteString(`\\`)
		default:
			writeRef(&b, r)
		}
	}
	return b.String()
}

func writeRef(b *strings.Builder, r rune) {
	switch {
	case r == '&':
		b.WriteString("&amp;")
	case r == '<':
		b.WriteString("&lt;")
	case r == '>':
		b.WriteString("&gt;")
	case r == '"':
		b.WriteString("&quot;")
	case r == unicode.ReplacementChar || (r < 0x20) || r == 0x7f:
		b.WriteString("&#xFFFD;")
	case r > 0x7e:
		b.WriteString("&#")
		b.WriteString(strconv.Itoa(int(r)))
		b.WriteByte(';')
	default:
		b.WriteRune(r)
	}
}

// wrapLabel breaks a name into at most maxLines lines of at most width
// characters at spaces (a longer word is cut with a hyphen), ending with "…"
// when it had to be shortened. The lines are returned unescaped.
func wrapLabel(s string, width, maxLines int) []string {
	var words []string
	for _, w := range strings.Fields(s) {
		r := []rune(w)
		for len(r) > width {
			words = append(words, string(r[:width-1])+"-")
			r = r[width-1:]
		}
		words = append(words, string(r))
	}
	var lines []string
	cur := ""
	for _, w := range words {
		switch {
		case cur == "":
			cur = w
		case runeLen(cur)+1+runeLen(w) <= width:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		last := []rune(strings.TrimSuffix(lines[maxLines-1], "-"))
		if len(last) > width-1 {
			last = last[:width-1]
		}
		lines[maxLines-1] = strings.TrimRight(string(last), " ,;:-·") + "…"
	}
	return lines
}

func runeLen(s string) int { return len([]rune(s)) }

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }
