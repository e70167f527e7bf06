//! lodash's `startCase`, ported exactly: n8n display names come from it, so
//! parity with `@devlikeapro/n8n-openapi-node` depends on every quirk.
//! `heck` splits words differently (acronyms, digits, emoji), hence a port.
//!
//! `startCase(s)` = deburr, drop apostrophes, split into words, upper-case the
//! first character of each word, join with spaces. Words come from one of two
//! lodash regular expressions, chosen by `reHasUnicodeWord`; the unicode one is
//! hand-compiled below, alternative by alternative, with JavaScript's
//! left-to-right alternation and backtracking where it matters. JavaScript
//! matches UTF-16 code units; here an astral character stands for its
//! surrogate pair, which no class of the expressions splits.

use serde_json::Value;

/// `_.startCase(String(value))` for a JSON value (`null` → `""`; numbers in
/// JavaScript's string form).
pub fn start_case_value(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => start_case(s),
        Value::Bool(b) => start_case(if *b { "true" } else { "false" }),
        Value::Number(n) => start_case(&super::stringify::js_number(n)),
        Value::Array(items) => {
            // String([a, b]) joins with commas; nested nulls are empty.
            let parts: Vec<String> = items.iter().map(js_string).collect();
            start_case(&parts.join(","))
        }
        Value::Object(_) => start_case("[object Object]"),
    }
}

/// `_.startCase(String(value))` for a package value; strings are not copied.
pub fn start_case_js(value: &super::js::Js<'_>) -> String {
    match value.as_str() {
        Some(text) => start_case(text),
        None => start_case(&value.to_js_string()),
    }
}

fn js_string(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => super::stringify::js_number(n),
        Value::Array(items) => items.iter().map(js_string).collect::<Vec<_>>().join(","),
        Value::Object(_) => "[object Object]".to_owned(),
    }
}

/// FxHash's multiply-rotate step, for the build's small memos and sets of
/// names and references: they are short, and SipHash's set-up costs more
/// than the work a memo spares. Colliding names cost time, never memory.
#[derive(Default, Clone, Copy)]
pub(super) struct NameHasher(u64);

/// Hash maps and sets keyed by names.
pub(super) type NameHash = std::hash::BuildHasherDefault<NameHasher>;

impl std::hash::Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for &byte in chunks.remainder() {
            self.add(u64::from(byte));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl NameHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A memo entry: the input and its result in one allocation (`text` is the
/// input followed by the result; `split` is where the result starts).
struct Entry {
    text: Box<str>,
    split: usize,
}

impl Entry {
    fn input(&self) -> &str {
        &self.text[..self.split]
    }

    fn result(&self) -> &str {
        &self.text[self.split..]
    }
}

// Entries are found by their input alone.
impl std::borrow::Borrow<str> for Entry {
    fn borrow(&self) -> &str {
        self.input()
    }
}

impl std::hash::Hash for Entry {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.input().hash(state);
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.input() == other.input()
    }
}

impl Eq for Entry {}

type Memo = std::collections::HashSet<Entry, NameHash>;

/// The memo and the buffers a split works in, kept between calls so that a
/// name costs no allocation beyond its result.
#[derive(Default)]
struct State {
    memo: Memo,
    /// Non-ASCII text, deburred and decoded.
    chars: Vec<char>,
    /// ASCII text with apostrophes, once they are dropped.
    ascii: String,
    words: Vec<(usize, usize)>,
}

thread_local! {
    /// Names repeat across an operation's fields (`session`, `chatId`, ...);
    /// a small per-thread memo spares re-splitting them. Bounded: cleared
    /// when full.
    static STATE: std::cell::RefCell<State> = std::cell::RefCell::default();
}

const MEMO_LIMIT: usize = 4096;

/// Empties the memo, so that a measured build starts cold.
pub fn clear_memo() {
    STATE.with(|state| state.borrow_mut().memo.clear());
}

/// lodash `startCase`.
pub fn start_case(text: &str) -> String {
    STATE.with(|state| {
        let Ok(mut state) = state.try_borrow_mut() else {
            // Only re-entrance could hold it; compute without the memo.
            return compute_start_case(text, &mut State::default());
        };
        if let Some(hit) = state.memo.get(text) {
            return hit.result().to_owned();
        }
        let result = compute_start_case(text, &mut state);
        if state.memo.len() >= MEMO_LIMIT {
            state.memo.clear();
        }
        let mut entry = String::with_capacity(text.len() + result.len());
        entry.push_str(text);
        entry.push_str(&result);
        state.memo.insert(Entry {
            text: entry.into_boxed_str(),
            split: text.len(),
        });
        result
    })
}

/// lodash `startCase` of a name that will not come again (an
/// operationId): computed without the memo.
pub fn start_case_once(text: &str) -> String {
    STATE.with(|state| match state.try_borrow_mut() {
        Ok(mut state) => compute_start_case(text, &mut state),
        Err(_) => compute_start_case(text, &mut State::default()),
    })
}

fn compute_start_case(text: &str, state: &mut State) -> String {
    let State {
        chars,
        ascii,
        words,
        ..
    } = state;
    words.clear();
    let mut out = String::with_capacity(text.len() + 4);
    if text.is_ascii() {
        // Nothing to deburr and nothing to decode: the split works on
        // bytes, and words are copied as slices.
        let text = if text.contains('\'') {
            ascii.clear();
            ascii.extend(text.chars().filter(|c| *c != '\''));
            ascii.as_str()
        } else {
            text
        };
        split_words(text.as_bytes(), words);
        for (i, &(start, end)) in words.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push(char::from(text.as_bytes()[start].to_ascii_uppercase()));
            out.push_str(&text[start + 1..end]);
        }
        return out;
    }
    chars.clear();
    chars.extend(
        deburr(text)
            .chars()
            .filter(|c| !matches!(c, '\'' | '\u{2019}')),
    );
    split_words(chars, words);
    for (i, &(start, end)) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut word = chars[start..end].iter();
        if let Some(first) = word.next() {
            out.extend(first.to_uppercase());
            out.extend(word);
        }
    }
    out
}

/// A character of the text being split: a byte of ASCII text (no decoding
/// needed) or a decoded `char`. The matchers below are written once for both.
trait Unit: Copy {
    fn ch(self) -> char;
}

impl Unit for u8 {
    fn ch(self) -> char {
        char::from(self)
    }
}

impl Unit for char {
    fn ch(self) -> char {
        self
    }
}

/// lodash `words`: the unicode expression when `reHasUnicodeWord` matches,
/// the ASCII one otherwise.
fn split_words<U: Unit>(chars: &[U], words: &mut Vec<(usize, usize)>) {
    if has_unicode_word(chars) {
        unicode_words(chars, words);
    } else {
        ascii_words(chars, words);
    }
}

/// Latin-1 Supplement and Latin Extended-A letters to ASCII, then combining
/// marks removed (lodash `deburr`).
fn deburr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match deburred(c) {
            Some(replacement) => out.push_str(replacement),
            None if is_combining_mark(c) => {}
            None => out.push(c),
        }
    }
    out
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{fe20}'..='\u{fe2f}' | '\u{20d0}'..='\u{20ff}')
}

/// lodash's `deburredLetters` table.
fn deburred(c: char) -> Option<&'static str> {
    Some(match c {
        'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ð' | 'Ď' | 'Đ' => "D",
        'ð' | 'ď' | 'đ' => "d",
        'È'..='Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'Ì'..='Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' | 'Ŋ' => "N",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŋ' => "n",
        'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'Ù'..='Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'Ý' | 'Ŷ' | 'Ÿ' => "Y",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Æ' => "Ae",
        'æ' => "ae",
        'Þ' => "Th",
        'þ' => "th",
        'ß' => "ss",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĥ' | 'Ħ' => "H",
        'ĥ' | 'ħ' => "h",
        'Ĵ' => "J",
        'ĵ' => "j",
        'Ķ' => "K",
        'ķ' | 'ĸ' => "k",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' => "S",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ſ' => "s",
        'Ţ' | 'Ť' | 'Ŧ' => "T",
        'ţ' | 'ť' | 'ŧ' => "t",
        'Ŵ' => "W",
        'ŵ' => "w",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'Œ' => "Oe",
        'œ' => "oe",
        'ŉ' => "'n",
        _ => return None,
    })
}

/// `reHasUnicodeWord`: `[a-z][A-Z]|[A-Z]{2}[a-z]|[0-9][a-zA-Z]|[a-zA-Z][0-9]|[^a-zA-Z0-9 ]`.
fn has_unicode_word<U: Unit>(chars: &[U]) -> bool {
    chars
        .iter()
        .any(|c| !c.ch().is_ascii_alphanumeric() && c.ch() != ' ')
        || chars.windows(2).any(|w| {
            let (a, b) = (w[0].ch(), w[1].ch());
            (a.is_ascii_lowercase() && b.is_ascii_uppercase())
                || (a.is_ascii_digit() && b.is_ascii_alphabetic())
                || (a.is_ascii_alphabetic() && b.is_ascii_digit())
        })
        || chars.windows(3).any(|w| {
            w[0].ch().is_ascii_uppercase()
                && w[1].ch().is_ascii_uppercase()
                && w[2].ch().is_ascii_lowercase()
        })
}

/// `reAsciiWord`: runs of characters outside ASCII controls, spaces and
/// punctuation, as `(start, end)` ranges.
fn ascii_words<U: Unit>(chars: &[U], words: &mut Vec<(usize, usize)>) {
    let mut start = None;
    for (i, c) in chars.iter().enumerate() {
        let c = c.ch();
        let separator = (c as u32) < 0x80 && !c.is_ascii_alphanumeric();
        match (separator, start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, chars.len()));
    }
}

// Character classes of lodash's unicode word expression.

fn is_astral(c: char) -> bool {
    c as u32 > 0xFFFF
}

fn is_upper(c: char) -> bool {
    matches!(c, 'A'..='Z' | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{de}')
}

fn is_lower(c: char) -> bool {
    matches!(c, 'a'..='z' | '\u{df}'..='\u{f6}' | '\u{f8}'..='\u{ff}')
}

fn is_break(c: char) -> bool {
    matches!(c,
        '\u{ac}' | '\u{b1}' | '\u{d7}' | '\u{f7}'
        | '\u{0}'..='\u{2f}' | '\u{3a}'..='\u{40}' | '\u{5b}'..='\u{60}' | '\u{7b}'..='\u{bf}'
        | '\u{2000}'..='\u{206f}'
        // rsSpaceRange beyond the ranges above.
        | '\u{feff}' | '\u{1680}' | '\u{180e}' | '\u{3000}')
}

fn is_dingbat(c: char) -> bool {
    matches!(c, '\u{2700}'..='\u{27bf}')
}

/// `rsMisc`: not astral, break, a digit, `+` (the class lists `\d+`), a
/// dingbat, lower or upper.
fn is_misc(c: char) -> bool {
    !(is_astral(c)
        || is_break(c)
        || c.is_ascii_digit()
        || c == '+'
        || is_dingbat(c)
        || is_lower(c)
        || is_upper(c))
}

fn is_misc_lower(c: char) -> bool {
    is_lower(c) || is_misc(c)
}

fn is_misc_upper(c: char) -> bool {
    is_upper(c) || is_misc(c)
}

fn is_regional(c: char) -> bool {
    matches!(c, '\u{1f1e6}'..='\u{1f1ff}')
}

fn is_fitz(c: char) -> bool {
    matches!(c, '\u{1f3fb}'..='\u{1f3ff}')
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `reUnicodeWord`, applied globally: at each position the first alternative
/// that matches wins; where none does, the scan moves on one character.
fn unicode_words<U: Unit>(chars: &[U], words: &mut Vec<(usize, usize)>) {
    let mut at = 0;
    while at < chars.len() {
        match match_word(chars, at) {
            Some(end) if end > at => {
                words.push((at, end));
                at = end;
            }
            _ => at += 1,
        }
    }
}

fn match_word<U: Unit>(s: &[U], at: usize) -> Option<usize> {
    lower_word(s, at)
        .or_else(|| upper_run_before_word(s, at))
        .or_else(|| misc_lower_word(s, at))
        .or_else(|| upper_run(s, at))
        .or_else(|| ordinal(s, at, true))
        .or_else(|| ordinal(s, at, false))
        .or_else(|| digits(s, at))
        .or_else(|| emoji(s, at))
}

fn run<U: Unit>(s: &[U], from: usize, class: impl Fn(char) -> bool) -> usize {
    s[from..].iter().take_while(|c| class(c.ch())).count()
}

/// The character at `at`, if any.
fn at<U: Unit>(s: &[U], at: usize) -> Option<char> {
    s.get(at).map(|c| c.ch())
}

/// `rsUpper? rsLower+ (?=rsBreak|rsUpper|$)`
fn lower_word<U: Unit>(s: &[U], at: usize) -> Option<usize> {
    let starts: &[usize] = if self::at(s, at).is_some_and(is_upper) {
        &[1, 0]
    } else {
        &[0]
    };
    for &upper in starts {
        let lowers = run(s, at + upper, is_lower);
        if lowers == 0 {
            continue;
        }
        // A shorter run would be followed by a lower-case letter, which
        // satisfies none of the look-ahead's branches: no backtracking.
        let end = at + upper + lowers;
        if self::at(s, end).is_none_or(|c| is_break(c) || is_upper(c)) {
            return Some(end);
        }
    }
    None
}

/// `rsMiscUpper+ (?=rsBreak|rsUpper rsMiscLower|$)`, backtracking the run.
fn upper_run_before_word<U: Unit>(s: &[U], at: usize) -> Option<usize> {
    let longest = run(s, at, is_misc_upper);
    (1..=longest)
        .rev()
        .map(|n| at + n)
        .find(|&end| match self::at(s, end) {
            None => true,
            Some(c) if is_break(c) => true,
            Some(c) => is_upper(c) && self::at(s, end + 1).is_some_and(is_misc_lower),
        })
}

/// `rsUpper? rsMiscLower+`
fn misc_lower_word<U: Unit>(s: &[U], at: usize) -> Option<usize> {
    if self::at(s, at).is_some_and(is_upper) {
        let n = run(s, at + 1, is_misc_lower);
        if n > 0 {
            return Some(at + 1 + n);
        }
    }
    let n = run(s, at, is_misc_lower);
    (n > 0).then_some(at + n)
}

/// `rsUpper+`
fn upper_run<U: Unit>(s: &[U], at: usize) -> Option<usize> {
    let n = run(s, at, is_upper);
    (n > 0).then_some(at + n)
}

/// `\d*(?:1ST|2ND|3RD|(?![123])\dTH)(?=\b|[a-z_])` (upper) and its lower-case twin.
fn ordinal<U: Unit>(s: &[U], at: usize, upper: bool) -> Option<usize> {
    // Every branch starts with a digit.
    if !self::at(s, at).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let digits = run(s, at, |c| c.is_ascii_digit());
    let suffixes: [&str; 3] = if upper {
        ["1ST", "2ND", "3RD"]
    } else {
        ["1st", "2nd", "3rd"]
    };
    let th = if upper { ['T', 'H'] } else { ['t', 'h'] };
    for prefix in (0..=digits).rev() {
        let start = at + prefix;
        let matches_at = |pattern: &str| {
            pattern
                .chars()
                .enumerate()
                .all(|(i, p)| self::at(s, start + i) == Some(p))
        };
        let end = if let Some(suffix) = suffixes.iter().find(|p| matches_at(p)) {
            Some(start + suffix.chars().count())
        } else if self::at(s, start)
            .is_some_and(|c| c.is_ascii_digit() && !matches!(c, '1' | '2' | '3'))
            && self::at(s, start + 1) == Some(th[0])
            && self::at(s, start + 2) == Some(th[1])
        {
            Some(start + 3)
        } else {
            None
        };
        let Some(end) = end else { continue };
        // The last matched character is a letter (a word character), so
        // `\b` holds exactly when what follows is not a word character.
        let follows = self::at(s, end);
        let boundary = follows.is_none_or(|c| !is_word_char(c));
        let case_change = follows.is_some_and(|c| {
            c == '_'
                || if upper {
                    c.is_ascii_lowercase()
                } else {
                    c.is_ascii_uppercase()
                }
        });
        if boundary || case_change {
            return Some(end);
        }
    }
    None
}

/// `\d+`
fn digits<U: Unit>(s: &[U], at: usize) -> Option<usize> {
    let n = run(s, at, |c| c.is_ascii_digit());
    (n > 0).then_some(at + n)
}

/// `(?:rsDingbat|rsRegional|rsSurrPair) rsOptVar reOptMod rsOptJoin`
fn emoji<U: Unit>(s: &[U], at: usize) -> Option<usize> {
    let first = self::at(s, at)?;
    let mut end = if is_dingbat(first) {
        at + 1
    } else if is_regional(first) && self::at(s, at + 1).is_some_and(is_regional) {
        at + 2
    } else if is_astral(first) {
        at + 1
    } else {
        return None;
    };
    end = optional_variation_and_modifier(s, end);
    // rsOptJoin: (ZWJ (nonAstral | regional pair | astral) optVar optMod)*
    while self::at(s, end) == Some('\u{200d}') {
        let Some(next) = self::at(s, end + 1) else {
            break;
        };
        let mut joined = end + 2;
        if is_regional(next) && self::at(s, end + 2).is_some_and(is_regional) {
            joined = end + 3;
        }
        end = optional_variation_and_modifier(s, joined);
    }
    Some(end)
}

/// `[\ufe0e\ufe0f]? (?:rsCombo|rsFitz)?`
fn optional_variation_and_modifier<U: Unit>(s: &[U], mut end: usize) -> usize {
    if self::at(s, end).is_some_and(|c| matches!(c, '\u{fe0e}' | '\u{fe0f}')) {
        end += 1;
    }
    if self::at(s, end).is_some_and(|c| is_combining_mark(c) || is_fitz(c)) {
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_examples() {
        for (input, output) in [
            ("getHTTPResponse", "Get HTTP Response"),
            ("getV2Users", "Get V 2 Users"),
            ("XMLHttpRequest", "XML Http Request"),
            ("a1b2c3", "A 1 B 2 C 3"),
            ("labels[]", "Labels"),
            ("$filter", "Filter"),
            ("x-ratelimit-limit", "X Ratelimit Limit"),
            ("ÀÉÎõü café", "AE Iou Cafe"),
            ("🖥️ Sessions", "🖥️ Sessions"),
            ("Привет мир", "Привет Мир"),
            ("addSessionSSE", "Add Session SSE"),
            ("", ""),
        ] {
            assert_eq!(start_case(input), output, "{input:?}");
        }
        assert_eq!(start_case_value(&serde_json::json!(1.5)), "1 5");
        assert_eq!(start_case_value(&serde_json::json!(true)), "True");
        assert_eq!(start_case_value(&Value::Null), "");
    }
}
