//! Document text in generated files, made safe for the place it lands.
//!
//! Descriptions, titles and names are written by whoever wrote the document;
//! they must never become code, and never break the file they land in:
//!
//! - doc comments ([`doc_lines`]): characters a Rust source may not hold in a
//!   comment (bidi controls, which `text_direction_codepoint_in_comment`
//!   denies; bare `\r`; other control and invisible format characters) are
//!   written as `\u{…}`; every line break the document uses (`\r\n`, `\r`,
//!   U+2028, ...) ends a comment line, so none can end the comment itself;
//!   tabs become spaces (`tabs_in_doc_comments`);
//! - every code block rustdoc would see (fenced with any info string, or
//!   indented), found with `pulldown-cmark`, the Markdown parser rustdoc
//!   itself uses, becomes a ```` ```text ```` block: rustdoc never compiles or
//!   runs it. The result is parsed again and must hold no other code block;
//!   if it did, the whole text would be written as one `text` block;
//! - prose is laid out so clippy's doc lints hold by construction: leading
//!   indentation is dropped (so nothing can be indented code, and no list item
//!   is over-indented), a line that continues a list item is indented to the
//!   item's text (`doc_lazy_continuation`, `doc_overindented_list_items`),
//!   one that continues a block quote gets its `> `;
//! - `//` comments and other one-line places ([`one_line`]): line breaks and
//!   control characters escaped, so the text stays on its line.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Whether `c` may not stand as itself in a generated comment or literal:
/// what [`is_hidden`](crate::diagnostics::is_hidden) says, but for `\n`,
/// which the callers handle as a line break.
fn is_hostile(c: char) -> bool {
    c != '\n' && crate::diagnostics::is_hidden(c)
}

/// Line breaks of every kind as `\n`, tabs as spaces, everything
/// [`is_hostile`] as `\u{…}`.
fn clean_chars(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push_str("    "),
            c if is_hostile(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// `text` on one line: line breaks and hostile characters escaped (for `//`
/// comments, file headers and the like).
pub(crate) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            c if is_hostile(c) || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// A Markdown code span showing `text` literally, whatever backticks it holds.
pub(crate) fn code_span(text: &str) -> String {
    let fence = "`".repeat(longest_run(text, '`') + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn longest_run(text: &str, c: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

fn markdown_options() -> Options {
    // What rustdoc enables.
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The lines of a doc comment for `text` (each to be written after `/// `;
/// an empty string is an empty comment line): see the module docs.
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    // Nothing to say is no doc at all, not an empty `///` line.
    if text.trim().is_empty() {
        return Vec::new();
    }
    let text = clean_chars(text.trim());
    let lines = layout(&text);
    if only_text_blocks(&lines.join("\n")) {
        lines
    } else {
        fenced(&text)
    }
}

/// The whole text as one `text` block: the fallback that is always safe.
fn fenced(text: &str) -> Vec<String> {
    let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
    let mut lines = vec![format!("{fence}text")];
    lines.extend(text.lines().map(|l| l.trim_end().to_owned()));
    lines.push(fence);
    lines
}

/// Whether every code block of `text` (Markdown, as rustdoc reads doc
/// comments) is a `text` block, so rustdoc would run none of it.
pub(crate) fn only_text_blocks(text: &str) -> bool {
    Parser::new_ext(text, markdown_options()).all(|event| match event {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => &*info == "text",
        Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => false,
        _ => true,
    })
}

/// Code blocks as `text` blocks, prose laid out line by line.
fn layout(text: &str) -> Vec<String> {
    // Byte ranges of the code blocks and their contents.
    let mut blocks: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut open: Option<(std::ops::Range<usize>, String)> = None;
    for (event, range) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) if open.is_none() => {
                open = Some((range, String::new()))
            }
            Event::Text(content) => {
                if let Some((_, code)) = &mut open {
                    code.push_str(&content);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(open.take()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut prose = Prose::default();
    let mut at = 0;
    for (range, code) in blocks {
        // A block starts after its line's container markers (`- `, `> `):
        // the text before it on that line is prose.
        let start = range.start.max(at);
        prose.lines(&text[at..start], &mut out);
        let fence = "`".repeat(longest_run(&code, '`').max(2) + 1);
        out.push(format!("{fence}text"));
        out.extend(code.lines().map(|l| l.trim_end().to_owned()));
        out.push(fence);
        prose = Prose::default();
        at = range.end.max(start);
        // The rest of the block's last line belongs to the block.
        if let Some(newline) = text[at..].find('\n') {
            if text[at..at + newline].trim().is_empty() {
                at += newline + 1;
            }
        }
    }
    prose.lines(&text[at.min(text.len())..], &mut out);
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// What the previous prose line opened, for laying out the next.
#[derive(Default)]
struct Prose {
    /// The indentation of a list item's text, while the item goes on.
    item: Option<usize>,
    /// Inside a block quote.
    quote: bool,
}

impl Prose {
    fn lines(&mut self, text: &str, out: &mut Vec<String>) {
        for line in text.split('\n') {
            let line = line.trim();
            if line.is_empty() {
                *self = Prose::default();
                out.push(String::new());
                continue;
            }
            if let Some(width) = list_marker(line) {
                // `-   x` → `- x`: the text one space after the marker.
                let (marker, rest) = line.split_at(width - 1);
                out.push(format!("{marker} {}", nested_text(rest.trim_start())));
                self.item = Some(width);
                self.quote = false;
            } else if let Some(rest) = line.strip_prefix('>') {
                out.push(format!(">{}", nested_text(rest)));
                self.quote = true;
                self.item = None;
            } else if self.quote {
                out.push(format!("> {line}"));
            } else if let Some(width) = self.item {
                out.push(format!("{}{line}", " ".repeat(width)));
            } else {
                out.push(line.to_owned());
            }
        }
        // The text before a code block ends with the block's line: drop
        // the empty piece after its last `\n`.
        if (text.ends_with('\n') || text.is_empty()) && out.last().is_some_and(String::is_empty) {
            out.pop();
        }
    }
}

/// The text of a list item or quote: a leading `[` escaped, so `[a]: url`
/// is text rather than a link definition nested where rustdoc ignores it
/// (`doc_nested_refdefs`).
fn nested_text(text: &str) -> String {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        format!("{}\\{trimmed}", &text[..text.len() - trimmed.len()])
    } else {
        text.to_owned()
    }
}

/// The width of a list item's marker and one space (`- ` → 2, `12. ` → 4),
/// when `line` starts one.
fn list_marker(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let marker = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    (bytes.get(marker) == Some(&b' ')).then_some(marker + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> String {
        doc_lines(text).join("\n")
    }

    #[test]
    fn every_code_block_becomes_text() {
        let text = "Example:\n```rust\nstd::fs::write(\"x\", \"\").unwrap();\n```\n\n```\nbare\n```\n\n~~~json\n{\"a\": 1}\n~~~\n\nIndented:\n\n    let x = 1;\n    std::process::exit(1);\n\n- item\n\n      indented in a list\n";
        let out = doc(text);
        assert!(only_text_blocks(&out), "{out}");
        assert!(!out.contains("```rust") && !out.contains("~~~"), "{out}");
        assert!(
            out.contains("```text\nstd::fs::write(\"x\", \"\").unwrap();\n```"),
            "{out}"
        );
        assert!(
            out.contains("```text\nlet x = 1;\nstd::process::exit(1);\n```"),
            "{out}"
        );
        assert!(out.contains("```text\n{\"a\": 1}\n```"), "{out}");
        assert!(out.contains("```text\nindented in a list\n```"), "{out}");
    }

    #[test]
    fn fences_inside_code_cannot_close_the_text_block() {
        let text = "~~~~\n```rust\nfn main() {}\n```\n~~~~";
        let out = doc(text);
        assert!(only_text_blocks(&out), "{out}");
        assert!(out.starts_with("````text\n```rust\n"), "{out}");
        // An unclosed fence is closed.
        let out = doc("```rust\nfn main() {}");
        assert_eq!(out, "```text\nfn main() {}\n```");
    }

    #[test]
    fn hostile_characters_are_escaped_and_line_breaks_end_lines() {
        let out = doc("a\u{202e}b\rc\u{2028}d\u{0}e\tf\u{feff}");
        assert_eq!(out, "a\\u{202e}b\nc\nd\\u{0}e    f\\u{feff}");
        assert_eq!(one_line("x\ny\u{202e}\r"), "x\\ny\\u{202e}\\u{d}");
    }

    #[test]
    fn lists_and_quotes_are_laid_out_for_the_doc_lints() {
        let text = "Intro\n- first\ncontinued\n   - nested\n        over-indented\n\nafter\n> quote\nlazy\n1. one\n10)  ten\n  more";
        assert_eq!(
            doc(text),
            "Intro\n- first\n  continued\n- nested\n  over-indented\n\nafter\n> quote\n> lazy\n1. one\n10) ten\n    more"
        );
    }

    #[test]
    fn link_definitions_nested_in_lists_and_quotes_are_text() {
        assert_eq!(
            doc("- [a]: https://a\n\n> [b]: https://b\n\n[c]: https://c"),
            "- \\[a]: https://a\n\n> \\[b]: https://b\n\n[c]: https://c"
        );
    }

    #[test]
    fn code_spans_hold_any_backticks() {
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
    }
}
