//! Token streams printed as formatted Rust, on every core.
//!
//! Parsing the generated tokens with `syn` and printing them with
//! `prettyplease` is most of a generation's time, and each file or model
//! definition prints on its own. `proc_macro2` tokens cannot cross threads,
//! so a job carries the tokens' text, which the worker parses again (a little
//! more work in all, much less waiting on two cores). Results are taken by
//! ticket, so the output is the same whatever thread printed what.

use std::sync::{Arc, Mutex, mpsc};
use std::thread::Scope;

use proc_macro2::TokenStream;

/// Which printed text to take; tickets are handed out in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ticket(usize);

/// The formatted text, or why the tokens did not parse (an internal error).
pub(crate) type Printed = Result<String, String>;

/// Hands out print jobs and collects their results.
pub(crate) struct Printer {
    /// Where jobs go; `None` prints on the calling thread. Bounded, so the
    /// texts waiting to be printed stay few (results never wait: the
    /// workers cannot block on them).
    jobs: Option<mpsc::SyncSender<(usize, String)>>,
    results: mpsc::Receiver<(usize, Printed)>,
    /// For printing on the calling thread.
    own_results: mpsc::Sender<(usize, Printed)>,
    /// Results by ticket: `None` until printed, and again once taken.
    done: Vec<Option<Printed>>,
}

impl Printer {
    /// A printer that prints on the calling thread, when asked.
    pub(crate) fn inline() -> Self {
        let (own_results, results) = mpsc::channel();
        Printer {
            jobs: None,
            results,
            own_results,
            done: Vec::new(),
        }
    }

    /// A printer with `workers` threads in `scope` (inline for one or none,
    /// where threads would only add the text round trip).
    pub(crate) fn on_threads<'scope>(scope: &'scope Scope<'scope, '_>, workers: usize) -> Self {
        let mut printer = Printer::inline();
        if workers < 2 {
            return printer;
        }
        let (jobs, queue) = mpsc::sync_channel::<(usize, String)>(workers * 8);
        let queue = Arc::new(Mutex::new(queue));
        for _ in 0..workers {
            let queue = Arc::clone(&queue);
            let results = printer.own_results.clone();
            scope.spawn(move || {
                loop {
                    // The lock is held only while taking a job.
                    let job = match queue.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    let Ok((ticket, text)) = job else {
                        // The printer is gone: no more jobs.
                        return;
                    };
                    let printed = syn::parse_file(&text)
                        .map(unparse)
                        .map_err(|e| e.to_string());
                    if results.send((ticket, printed)).is_err() {
                        return;
                    }
                }
            });
        }
        printer.jobs = Some(jobs);
        printer
    }

    /// Queues `tokens` (a whole file's items) for printing.
    pub(crate) fn print(&mut self, tokens: TokenStream) -> Ticket {
        let ticket = self.done.len();
        self.done.push(None);
        match &self.jobs {
            Some(jobs) if jobs.send((ticket, tokens.to_string())).is_ok() => {}
            _ => {
                let printed = syn::parse2::<syn::File>(tokens)
                    .map(unparse)
                    .map_err(|e| e.to_string());
                self.done[ticket] = Some(printed);
            }
        }
        Ticket(ticket)
    }

    /// The text of `ticket`, waiting for it if it is still being printed.
    /// Each ticket is taken once.
    pub(crate) fn take(&mut self, ticket: Ticket) -> Printed {
        loop {
            if let Some(printed) = self.done.get_mut(ticket.0).and_then(Option::take) {
                return printed;
            }
            match self.results.recv() {
                Ok((index, printed)) => self.done[index] = Some(printed),
                Err(_) => return Err("the printer stopped".into()),
            }
        }
    }
}

/// A doc line standing for a blank line: `prettyplease` keeps no blank
/// lines, so one is marked where it belongs and the mark's line emptied
/// after printing.
const BLANK_LINE: &str = "\u{1}blank line";

/// `file` as `prettyplease` prints it, with a blank line between the items
/// of an `impl`, a trait or an inline module, as rustfmt leaves
/// hand-written code (the top level's items are spaced when the file is
/// finished).
fn unparse(mut file: syn::File) -> String {
    for item in &mut file.items {
        mark_item_spacing(item);
    }
    let printed = prettyplease::unparse(&file);
    if !printed.contains(BLANK_LINE) {
        return printed;
    }
    // Document text never holds the control character: `emit::text`
    // escapes them in every doc.
    let mark = format!("///{BLANK_LINE}");
    let mut out = String::with_capacity(printed.len());
    for line in printed.lines() {
        if line.trim() != mark {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Marks a blank line before every item but the first inside `item`.
fn mark_item_spacing(item: &mut syn::Item) {
    let blank: syn::Attribute = syn::parse_quote!(#[doc = #BLANK_LINE]);
    match item {
        syn::Item::Impl(block) => {
            for inner in block.items.iter_mut().skip(1) {
                if let syn::ImplItem::Fn(f) = inner {
                    f.attrs.insert(0, blank.clone());
                } else if let syn::ImplItem::Const(c) = inner {
                    c.attrs.insert(0, blank.clone());
                } else if let syn::ImplItem::Type(t) = inner {
                    t.attrs.insert(0, blank.clone());
                }
            }
        }
        syn::Item::Trait(block) => {
            for inner in block.items.iter_mut().skip(1) {
                if let syn::TraitItem::Fn(f) = inner {
                    f.attrs.insert(0, blank.clone());
                }
            }
        }
        syn::Item::Mod(module) => {
            if let Some((_, items)) = &mut module.content {
                for inner in items.iter_mut() {
                    mark_item_spacing(inner);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn items(count: usize) -> Vec<TokenStream> {
        (0..count)
            .map(|i| {
                let name = quote::format_ident!("Item{i}");
                quote!(pub struct #name { pub value: u32 })
            })
            .collect()
    }

    #[test]
    fn threads_print_what_the_calling_thread_prints_in_ticket_order() {
        let mut inline = Printer::inline();
        let expected: Vec<Printed> = items(50)
            .into_iter()
            .map(|t| inline.print(t))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| inline.take(t))
            .collect();
        let threaded: Vec<Printed> = std::thread::scope(|scope| {
            let mut printer = Printer::on_threads(scope, 3);
            let tickets: Vec<Ticket> = items(50).into_iter().map(|t| printer.print(t)).collect();
            // Taken out of order: each ticket still gets its own text.
            let mut out: Vec<(usize, Printed)> = tickets
                .iter()
                .enumerate()
                .rev()
                .map(|(i, t)| (i, printer.take(*t)))
                .collect();
            out.sort_by_key(|(i, _)| *i);
            out.into_iter().map(|(_, p)| p).collect()
        });
        assert_eq!(threaded, expected);
        assert!(expected[7].as_ref().unwrap().contains("pub struct Item7 {"));
    }

    #[test]
    fn items_of_an_impl_are_separated_by_a_blank_line() {
        let mut printer = Printer::inline();
        let ticket = printer.print(quote! {
            impl A {
                /// One.
                pub fn one() {}
                #[must_use]
                pub fn two() -> u8 { 2 }
                fn three() {
                    let x = 1;
                    let y = x;
                }
            }
        });
        assert_eq!(
            printer.take(ticket).unwrap(),
            "impl A {\n    /// One.\n    pub fn one() {}\n\n    #[must_use]\n    pub fn two() -> u8 {\n        2\n    }\n\n    fn three() {\n        let x = 1;\n        let y = x;\n    }\n}\n"
        );
    }

    #[test]
    fn tokens_that_do_not_parse_are_an_error_on_any_thread() {
        std::thread::scope(|scope| {
            let mut printer = Printer::on_threads(scope, 2);
            let ticket = printer.print(quote!(pub struct {}));
            assert!(printer.take(ticket).is_err());
        });
        let mut printer = Printer::inline();
        let ticket = printer.print(quote!(fn));
        assert!(printer.take(ticket).is_err());
    }
}
