package render

import (
	"fmt"
	"strings"

	"nnlr/internal/explain"
)

// writeVerdict writes the diagnosis's verdict, the report's lead sentence,
// as "Verdict: …" (nothing without a diagnosis).
func writeVerdict(sb *strings.Builder, rep *report) {
	if dg := rep.Diagnosis; dg != nil && dg.Verdict.Summary != "" {
		sb.WriteString(wrap("Verdict: "+dg.Verdict.Summary, 100, "", "  "))
	}
}

// writeDiagnosisText writes the numbered findings (the items' summaries,
// each with its side), the penalty scope, the remedies with their flags
// and the footer, all read from the report's diagnosis.
func writeDiagnosisText(sb *strings.Builder, dg *explain.Diagnosis) {
	fmt.Fprintf(sb, "\nDiagnosis:\n")
	for i, it := range dg.Items {
		sb.WriteString(wrap(fmt.Sprintf("%d. [%s] %s", i+1, it.Side, it.Summary), 100, "  ", "     "))
	}
	sb.WriteString(wrap("Penalty scope: "+dg.PenaltyScope.Summary+".", 100, "  ", "  "))
	if len(dg.Remedies) > 0 {
		fmt.Fprintf(sb, "Remedies (Keras and scikit-learn forms in the JSON report, diagnosis.remedies):\n")
		width := 0
		for _, r := range dg.Remedies {
			width = max(width, len([]rune(remedyText(r))))
		}
		for _, r := range dg.Remedies {
			fmt.Fprintf(sb, "  %-*s  from: %s\n", width, remedyText(r), strings.Join(remedyKinds(dg, r), ", "))
		}
	}
	sb.WriteString(footer(dg) + "\n")
}

// remedyText is a remedy's flag, or "setting = value" when it has none.
func remedyText(r explain.Remedy) string {
	if r.Flag != "" {
		return r.Flag
	}
	return r.Setting + " = " + r.Value
}

// remedyKinds lists the kinds of the items that suggest r, in words.
func remedyKinds(dg *explain.Diagnosis, r explain.Remedy) []string {
	var kinds []string
	for _, it := range dg.Items {
		for _, ir := range it.Remedies {
			if ir.Setting == r.Setting && ir.Value == r.Value {
				kinds = append(kinds, strings.ReplaceAll(it.Kind, "_", " "))
				break
			}
		}
	}
	return kinds
}

// footer is the report's last advice, derived from the verdict and the
// remedies (never recomputed): "The graph lags: try " and each remedy's
// Flag (filled by the front end), or what the verdict says when there is
// no remedy.
func footer(dg *explain.Diagnosis) string {
	who := map[string]string{explain.SideGraph: "The graph lags", explain.SideBaseline: "The baseline lags",
		explain.SideBoth: "Both sides lag", explain.SideNeither: "Neither side lags"}[dg.Verdict.Lagging]
	if who == "" {
		who = "The diagnosis"
	}
	cause := ""
	if dg.Verdict.Cause != "" {
		cause = " (main cause: " + strings.ReplaceAll(dg.Verdict.Cause, "_", " ") + ")"
	}
	if len(dg.Remedies) == 0 {
		return fmt.Sprintf("%s%s: no change of settings is suggested.", who, cause)
	}
	flags := make([]string, len(dg.Remedies))
	for i, r := range dg.Remedies {
		flags[i] = remedyText(r)
	}
	list := flags[0]
	if k := len(flags); k > 1 {
		list = strings.Join(flags[:k-1], ", ") + " or " + flags[k-1]
	}
	return fmt.Sprintf("%s%s: try %s.", who, cause, list)
}
