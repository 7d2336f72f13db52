package dataset

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Class is one value of a label column and the number of rows that hold it.
type Class struct {
	Name  string
	Count int
}

// classKey identifies a class: label values that all parse as numbers are
// compared as numbers (so "1" and "1.0" are one class), others as text.
type classKey struct {
	num  float64
	text string
}

// labelClasses groups the label values (n strings, none empty) into classes
// in scikit-learn's LabelEncoder order: by value when every label is a
// finite number, else by text. It returns the classes and, for every value,
// the index of its class. A class's name is its first spelling in the data.
func labelClasses(values []string) ([]Class, []int) {
	numeric := true
	nums := make([]float64, len(values))
	for i, v := range values {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			numeric = false
			break
		}
		nums[i] = f
	}
	key := func(i int) classKey {
		if numeric {
			return classKey{num: nums[i]}
		}
		return classKey{text: values[i]}
	}
	index := map[classKey]int{}
	var classes []Class
	var keys []classKey
	for i, v := range values {
		k := key(i)
		c, ok := index[k]
		if !ok {
			c = len(classes)
			index[k] = c
			classes = append(classes, Class{Name: v})
			keys = append(keys, k)
		}
		classes[c].Count++
	}
	order := make([]int, len(classes))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if numeric {
			return cmp.Compare(keys[a].num, keys[b].num)
		}
		return strings.Compare(keys[a].text, keys[b].text)
	})
	rank := make([]int, len(classes))
	sorted := make([]Class, len(classes))
	for r, c := range order {
		rank[c] = r
		sorted[r] = classes[c]
	}
	of := make([]int, len(values))
	for i := range values {
		of[i] = rank[index[key(i)]]
	}
	return sorted, of
}

// findClass returns the index in classes of the class called name (by text,
// or by value when the classes are numeric), or −1.
func findClass(classes []Class, name string) int {
	for i, c := range classes {
		if c.Name == name {
			return i
		}
	}
	f, err := strconv.ParseFloat(name, 64)
	if err != nil {
		return -1
	}
	for i, c := range classes {
		if g, err := strconv.ParseFloat(c.Name, 64); err == nil && g == f {
			return i
		}
	}
	return -1
}

// classList writes the classes as "a" (50), "b" (50), at most ten of them
// (then "… and k more").
func classList(classes []Class) string {
	const most = 10
	parts := make([]string, 0, most+1)
	for i, c := range classes {
		if i == most {
			parts = append(parts, fmt.Sprintf("… and %d more", len(classes)-most))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", Quote(c.Name), c.Count))
	}
	return strings.Join(parts, ", ")
}

// LabelClasses returns the classes of the label column (label, or the last
// column when label is empty) with their row counts, in LabelEncoder order.
// The error is a *ParseError: ErrNoLabelColumn for an unknown label, or
// ErrMissingValue for an empty label field.
func (t *Table) LabelClasses(label string) ([]Class, error) {
	j := len(t.Header) - 1
	if label != "" {
		if j = t.column(label); j < 0 {
			return nil, t.atHeader(-1, "label", ErrNoLabelColumn,
				fmt.Errorf("%s (columns: %s)", Quote(label), QuoteList(t.Header)))
		}
	}
	values := make([]string, len(t.Records))
	for i, rec := range t.Records {
		if values[i] = strings.TrimSpace(rec[j]); values[i] == "" {
			return nil, t.at(i, j, "", ErrMissingValue, fmt.Errorf("empty label in column %s", Quote(t.Header[j])))
		}
	}
	classes, _ := labelClasses(values)
	return classes, nil
}

// quoteList writes names as "a", "b", … (quoted, so that no name breaks
// the one-line error message).
