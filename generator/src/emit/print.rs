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
                        .map(|file| prettyplease::unparse(&file))
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
                    .map(|file| prettyplease::unparse(&file))
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
