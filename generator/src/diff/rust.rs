//! Changes for Rust callers: the two crates' public APIs compared, with
//! operations paired through the plan (so a rename is one change) and every
//! type traced back to where the document defines it.

use std::collections::{BTreeSet, HashMap, VecDeque};

use super::surface::{Item, Sig, Struct, model_types, strip_option};
use super::{Audience, Change, Side, shown};
use crate::emit::names::{self, NameAllocator};
use crate::emit::plan::AuthPlacement;
use crate::pointer;

/// What the crate generates for one operation.
struct OpView<'a> {
    module: String,
    /// `module::Handle::method`, the main method first.
    methods: Vec<String>,
    statics: String,
    options: Option<String>,
    /// The security alternatives, each a set of schemes sent together.
    auth: &'a [Vec<AuthPlacement>],
    /// `client.chats().list(..)`.
    label: String,
}

fn views(side: &Side) -> HashMap<usize, OpView<'_>> {
    let mut views = HashMap::new();
    for resource in &side.plan.resources {
        let module = resource.module.to_string();
        for op in &resource.operations {
            let methods = op
                .variants
                .iter()
                .map(|v| format!("{module}::{}::{}", resource.handle_type, v.method_name))
                .collect();
            views.insert(
                op.index,
                OpView {
                    module: module.clone(),
                    methods,
                    statics: format!("{module}::{}", op.static_name),
                    options: op.options_type.as_ref().map(|t| format!("{module}::{t}")),
                    auth: &op.security,
                    label: format!(
                        "client.{}().{}(..)",
                        resource.module, op.variants[0].method_name
                    ),
                },
            );
        }
    }
    views
}

/// Where each model type comes from in the document: named schemas at
/// `/components/schemas/<name>`, inline types at the first place that uses
/// them (a property, an operation's body or response).
fn type_pointers(side: &Side, views: &HashMap<usize, OpView<'_>>) -> HashMap<String, String> {
    let mut found: HashMap<String, String> = HashMap::new();
    let mut queue = VecDeque::new();
    let mut allocator = NameAllocator::new();
    for name in side.model.schemas.keys() {
        let rust = allocator.allocate(&names::upper_camel_case_or(name, "Schema"));
        let path = format!("models::{rust}");
        let at = pointer::join("/components/schemas", name);
        found.insert(path.clone(), at.clone());
        queue.push_back(path);
    }
    let mut ops: Vec<(&usize, &OpView<'_>)> = views.iter().collect();
    ops.sort_by_key(|(i, _)| **i);
    for (index, view) in ops {
        let at = &side.model.operations[*index].pointer;
        for method in &view.methods {
            if let Some(sig) = side.api.fns.get(method) {
                for ty in model_types(&sig.ret) {
                    found.entry(ty.clone()).or_insert_with(|| {
                        queue.push_back(ty);
                        format!("{at}/responses")
                    });
                }
                for (_, arg) in &sig.args {
                    for ty in model_types(arg) {
                        found.entry(ty.clone()).or_insert_with(|| {
                            queue.push_back(ty);
                            format!("{at}/requestBody")
                        });
                    }
                }
            }
        }
        if let Some(Item::Struct(options)) =
            view.options.as_ref().and_then(|o| side.api.items.get(o))
        {
            for field in &options.fields {
                for ty in model_types(&field.ty) {
                    found.entry(ty.clone()).or_insert_with(|| {
                        queue.push_back(ty);
                        format!("{at}/parameters")
                    });
                }
            }
        }
    }
    while let Some(path) = queue.pop_front() {
        let Some(at) = found.get(&path).cloned() else {
            continue;
        };
        let uses: Vec<(String, String)> = match side.api.items.get(&path) {
            Some(Item::Struct(s)) => s
                .fields
                .iter()
                .flat_map(|f| {
                    let place = pointer::join(&format!("{at}/properties"), &f.wire);
                    model_types(&f.ty)
                        .into_iter()
                        .map(move |t| (t, place.clone()))
                })
                .collect(),
            Some(Item::Enum { variants, .. }) => variants
                .iter()
                .flat_map(|(_, payload)| model_types(payload).into_iter().map(|t| (t, at.clone())))
                .collect(),
            Some(Item::Alias(target)) => model_types(target)
                .into_iter()
                .map(|t| (t, at.clone()))
                .collect(),
            _ => Vec::new(),
        };
        for (ty, place) in uses {
            found.entry(ty.clone()).or_insert_with(|| {
                queue.push_back(ty);
                place
            });
        }
    }
    found
}

struct Ctx<'a> {
    old: &'a Side,
    new: &'a Side,
    old_types: HashMap<String, String>,
    new_types: HashMap<String, String>,
    /// The model types the new crate reads from the server.
    new_read: BTreeSet<String>,
    out: &'a mut Vec<Change>,
}

impl Ctx<'_> {
    #[allow(clippy::too_many_arguments, reason = "a change's every part")]
    fn push(
        &mut self,
        kind: &'static str,
        breaking: bool,
        item: &str,
        message: String,
        old: Option<String>,
        new: Option<String>,
    ) {
        self.out.push(Change {
            audience: Audience::Rust,
            kind,
            breaking,
            item: item.to_owned(),
            message,
            old: old.map(|p| shown(&p)),
            new: new.map(|p| shown(&p)),
        });
    }

    fn old_type(&self, path: &str) -> Option<String> {
        self.old_types.get(path).cloned()
    }

    fn new_type(&self, path: &str) -> Option<String> {
        self.new_types.get(path).cloned()
    }
}

pub(super) fn changes(old: &Side, new: &Side, pairs: &[(usize, usize)], out: &mut Vec<Change>) {
    let old_views = views(old);
    let new_views = views(new);
    let mut cx = Ctx {
        old,
        new,
        old_types: type_pointers(old, &old_views),
        new_types: type_pointers(new, &new_views),
        new_read: new.api.read_types(),
        out,
    };
    let mut handled_old: BTreeSet<String> = BTreeSet::new();
    let mut handled_new: BTreeSet<String> = BTreeSet::new();
    let mark = |set: &mut BTreeSet<String>, view: &OpView<'_>| {
        set.extend(view.methods.iter().cloned());
        set.insert(view.statics.clone());
        set.extend(view.options.iter().cloned());
    };

    let matched_old: BTreeSet<usize> = pairs.iter().map(|p| p.0).collect();
    let matched_new: BTreeSet<usize> = pairs.iter().map(|p| p.1).collect();
    for (index, op) in old.model.operations.iter().enumerate() {
        let Some(view) = old_views.get(&index) else {
            continue;
        };
        mark(&mut handled_old, view);
        if !matched_old.contains(&index) {
            cx.push(
                "operation-removed",
                true,
                &view.methods[0],
                format!(
                    "operation `{}` ({} {}) removed: `{}` is gone",
                    op.operation_id.as_deref().unwrap_or("-"),
                    op.method.as_str(),
                    op.path,
                    view.label
                ),
                Some(op.pointer.clone()),
                None,
            );
        }
    }
    for (index, op) in new.model.operations.iter().enumerate() {
        let Some(view) = new_views.get(&index) else {
            continue;
        };
        mark(&mut handled_new, view);
        if !matched_new.contains(&index) {
            cx.push(
                "operation-added",
                false,
                &view.methods[0],
                format!(
                    "operation `{}` ({} {}) added: `{}`",
                    op.operation_id.as_deref().unwrap_or("-"),
                    op.method.as_str(),
                    op.path,
                    view.label
                ),
                None,
                Some(op.pointer.clone()),
            );
        }
    }
    for &(i, j) in pairs {
        let (Some(ov), Some(nv)) = (old_views.get(&i), new_views.get(&j)) else {
            continue;
        };
        operation(&mut cx, (i, ov), (j, nv));
    }

    // Modules.
    let old_modules: BTreeSet<&String> = old.api.modules.iter().collect();
    let new_modules: BTreeSet<&String> = new.api.modules.iter().collect();
    for module in old_modules.difference(&new_modules) {
        cx.push(
            "module-removed",
            true,
            module,
            format!("module `{module}` and its handle `client.{module}()` removed"),
            None,
            None,
        );
    }
    for module in new_modules.difference(&old_modules) {
        cx.push(
            "module-added",
            false,
            module,
            format!("module `{module}` added"),
            None,
            None,
        );
    }
    let in_module = |path: &str, modules: &BTreeSet<&String>| {
        let module = path.split("::").next().unwrap_or_default();
        modules.iter().any(|m| m.as_str() == module)
            || (path.starts_with("Client::")
                && modules
                    .iter()
                    .any(|m| path == format!("Client::{m}").as_str()))
    };
    let gone: BTreeSet<&String> = old_modules.difference(&new_modules).copied().collect();
    let added: BTreeSet<&String> = new_modules.difference(&old_modules).copied().collect();

    // Types and statics.
    for (path, item) in &old.api.items {
        if handled_old.contains(path) || in_module(path, &gone) {
            continue;
        }
        match new.api.items.get(path) {
            Some(new_item) => compare_items(&mut cx, path, item, new_item),
            None => {
                let at = cx.old_type(path);
                cx.push(
                    "type-removed",
                    true,
                    path,
                    format!("`{path}` removed"),
                    at,
                    None,
                );
            }
        }
    }
    for path in new.api.items.keys() {
        if handled_new.contains(path) || in_module(path, &added) || old.api.items.contains_key(path)
        {
            continue;
        }
        let at = cx.new_type(path);
        cx.push(
            "type-added",
            false,
            path,
            format!("`{path}` added"),
            None,
            at,
        );
    }
    // Other functions: constructors, setters, accessors.
    let owner = |path: &str| {
        path.rsplit_once("::")
            .map(|(o, _)| o.to_owned())
            .unwrap_or_default()
    };
    for (path, sig) in &old.api.fns {
        // An options struct's setters come and go with its fields.
        if handled_old.contains(path)
            || handled_old.contains(&owner(path))
            || in_module(path, &gone)
        {
            continue;
        }
        let at = cx.old_type(&owner(path));
        match new.api.fns.get(path) {
            Some(new_sig) => {
                let new_at = cx.new_type(&owner(path));
                signature(&mut cx, path, sig, new_sig, (at, new_at));
            }
            None if !new.api.items.contains_key(&owner(path)) && owner(path) != "Client" => {}
            None => cx.push(
                "function-removed",
                true,
                path,
                format!("`{path}` removed"),
                at,
                None,
            ),
        }
    }
    for path in new.api.fns.keys() {
        if handled_new.contains(path)
            || handled_new.contains(&owner(path))
            || in_module(path, &added)
            || old.api.fns.contains_key(path)
            || (!old.api.items.contains_key(&owner(path)) && owner(path) != "Client")
        {
            continue;
        }
        let at = cx.new_type(&owner(path));
        cx.push(
            "function-added",
            false,
            path,
            format!("`{path}` added"),
            None,
            at,
        );
    }
}

/// One operation present in both documents.
fn operation(cx: &mut Ctx<'_>, (i, ov): (usize, &OpView<'_>), (j, nv): (usize, &OpView<'_>)) {
    let old_op = &cx.old.model.operations[i];
    let new_op = &cx.new.model.operations[j];
    let at = (Some(old_op.pointer.clone()), Some(new_op.pointer.clone()));
    if ov.methods[0] != nv.methods[0] {
        let why = if old_op.operation_id != new_op.operation_id {
            format!(
                "its operationId changed from `{}` to `{}`",
                old_op.operation_id.as_deref().unwrap_or("-"),
                new_op.operation_id.as_deref().unwrap_or("-")
            )
        } else if ov.module != nv.module {
            format!(
                "its tag changed from `{}` to `{}`",
                old_op.tags.first().map_or("", String::as_str),
                new_op.tags.first().map_or("", String::as_str)
            )
        } else {
            "another operation of its module came to share its name, or stopped sharing it"
                .to_owned()
        };
        cx.push(
            "operation-renamed",
            true,
            &ov.methods[0],
            format!("`{}` is now `{}`: {why}", ov.label, nv.label),
            at.0.clone(),
            at.1.clone(),
        );
    }
    for k in 0..ov.methods.len().max(nv.methods.len()) {
        match (ov.methods.get(k), nv.methods.get(k)) {
            (Some(a), Some(b)) => {
                if let (Some(sa), Some(sb)) = (cx.old.api.fns.get(a), cx.new.api.fns.get(b)) {
                    let (sa, sb) = (sa.clone(), sb.clone());
                    signature(cx, b, &sa, &sb, at.clone());
                }
            }
            (Some(a), None) => cx.push(
                "method-removed",
                true,
                a,
                format!("`{a}` removed: the operation no longer answers with that media type"),
                at.0.clone(),
                at.1.clone(),
            ),
            (None, Some(b)) => cx.push(
                "method-added",
                false,
                b,
                format!("`{b}` added: the operation answers with another media type"),
                at.0.clone(),
                at.1.clone(),
            ),
            (None, None) => {}
        }
    }
    if let (Some(a), Some(b)) = (&ov.options, &nv.options) {
        // A renamed operation's options struct is renamed with it.
        if a != b && ov.methods[0] == nv.methods[0] {
            cx.push(
                "options-renamed",
                true,
                a,
                format!("the options struct `{a}` is now `{b}`"),
                at.0.clone(),
                at.1.clone(),
            );
        }
        if let (Some(Item::Struct(sa)), Some(Item::Struct(sb))) =
            (cx.old.api.items.get(a), cx.new.api.items.get(b))
        {
            let (sa, sb) = (sa.clone(), sb.clone());
            structs(cx, b, &sa, &sb, Some(at.clone()));
        }
    }
    // Each alternative in words ("" for one that needs nothing; no
    // security at all is that one alternative).
    let kinds = |security: &[Vec<AuthPlacement>]| -> BTreeSet<String> {
        let mut alternatives: BTreeSet<String> = security
            .iter()
            .map(|alternative| {
                let mut words: Vec<&str> = alternative
                    .iter()
                    .map(|a| match a {
                        AuthPlacement::Header(_) | AuthPlacement::Query(_) => "an API key",
                        AuthPlacement::Bearer => "a bearer token",
                        AuthPlacement::Basic => "basic credentials",
                        AuthPlacement::Unsupported(_) => "a scheme the client cannot send",
                    })
                    .collect();
                words.sort_unstable();
                words.dedup();
                words.join(" and ")
            })
            .collect();
        if alternatives.is_empty() {
            alternatives.insert(String::new());
        }
        alternatives
    };
    let (old_kinds, new_kinds) = (kinds(ov.auth), kinds(nv.auth));
    if old_kinds != new_kinds {
        let words = |k: &BTreeSet<String>| {
            k.iter()
                .map(|alternative| match alternative.as_str() {
                    "" => "no credentials",
                    words => words,
                })
                .collect::<Vec<_>>()
                .join(" or ")
        };
        // A caller holds the credentials of one old alternative: it breaks
        // when that alternative is no longer accepted, unless the operation
        // now needs nothing (extra credentials harm no request).
        let breaking = !new_kinds.contains("") && !old_kinds.is_subset(&new_kinds);
        cx.push(
            "credentials-changed",
            breaking,
            &nv.methods[0],
            format!(
                "`{}` needs {} instead of {} (set on `ClientBuilder`)",
                nv.label,
                words(&new_kinds),
                words(&old_kinds)
            ),
            at.0,
            at.1,
        );
    }
}

/// Two signatures of the same function (an operation's method, a
/// constructor, a setter).
fn signature(
    cx: &mut Ctx<'_>,
    path: &str,
    old: &Sig,
    new: &Sig,
    at: (Option<String>, Option<String>),
) {
    let split = |sig: &Sig| -> (Vec<(String, String)>, Option<String>) {
        let mut rest = Vec::new();
        let mut options = None;
        for (name, ty) in &sig.args {
            if super::surface::is_options_argument(name) {
                options = Some(ty.clone());
            } else {
                rest.push((name.clone(), ty.clone()));
            }
        }
        (rest, options)
    };
    let (old_args, old_options) = split(old);
    let (new_args, new_options) = split(new);
    let names = |args: &[(String, String)]| -> Vec<String> {
        args.iter().map(|(n, t)| format!("`{n}: {t}`")).collect()
    };
    if new_args.len() > old_args.len() {
        let added: Vec<(String, String)> = new_args
            .iter()
            .filter(|a| !old_args.contains(a))
            .cloned()
            .collect();
        cx.push(
            "required-parameter-added",
            true,
            path,
            format!(
                "`{path}` takes more arguments: {}",
                names(&added).join(", ")
            ),
            at.0.clone(),
            at.1.clone(),
        );
    } else if new_args.len() < old_args.len() {
        let removed: Vec<(String, String)> = old_args
            .iter()
            .filter(|a| !new_args.contains(a))
            .cloned()
            .collect();
        cx.push(
            "parameter-removed",
            true,
            path,
            format!(
                "`{path}` takes fewer arguments: {} no longer (removed, or now optional)",
                names(&removed).join(", ")
            ),
            at.0.clone(),
            at.1.clone(),
        );
    } else {
        let mut sorted_old = old_args.clone();
        let mut sorted_new = new_args.clone();
        sorted_old.sort();
        sorted_new.sort();
        if old_args != new_args && sorted_old == sorted_new {
            cx.push(
                "arguments-reordered",
                true,
                path,
                format!(
                    "`{path}` takes its arguments in another order: ({}) → ({})",
                    old_args
                        .iter()
                        .map(|a| a.0.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    new_args
                        .iter()
                        .map(|a| a.0.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                at.0.clone(),
                at.1.clone(),
            );
        } else {
            for ((old_name, old_ty), (new_name, new_ty)) in old_args.iter().zip(&new_args) {
                if old_ty != new_ty {
                    cx.push(
                        "parameter-type-changed",
                        true,
                        path,
                        format!("`{path}`: argument `{old_name}: {old_ty}` is now `{new_name}: {new_ty}`"),
                        at.0.clone(),
                        at.1.clone(),
                    );
                } else if old_name != new_name {
                    cx.push(
                        "argument-renamed",
                        false,
                        path,
                        format!("`{path}`: argument `{old_name}` is now called `{new_name}` (same type and place)"),
                        at.0.clone(),
                        at.1.clone(),
                    );
                }
            }
        }
    }
    match (&old_options, &new_options) {
        (None, Some(ty)) => cx.push(
            "options-argument-added",
            true,
            path,
            format!("`{path}` takes an options argument `{ty}` it did not take"),
            at.0.clone(),
            at.1.clone(),
        ),
        (Some(ty), None) => cx.push(
            "options-argument-removed",
            true,
            path,
            format!("`{path}` no longer takes its options argument `{ty}`"),
            at.0.clone(),
            at.1.clone(),
        ),
        _ => {}
    }
    if old.ret != new.ret {
        cx.push(
            "response-type-changed",
            true,
            path,
            format!("`{path}` returns `{}` instead of `{}`", new.ret, old.ret),
            at.0,
            at.1,
        );
    }
}

fn compare_items(cx: &mut Ctx<'_>, path: &str, old: &Item, new: &Item) {
    let at = (cx.old_type(path), cx.new_type(path));
    match (old, new) {
        (Item::Struct(a), Item::Struct(b)) => structs(cx, path, a, b, None),
        (
            Item::Enum {
                variants: va,
                non_exhaustive: na,
            },
            Item::Enum {
                variants: vb,
                non_exhaustive: nb,
            },
        ) => {
            if !na && *nb {
                cx.push(
                    "enum-now-non-exhaustive",
                    true,
                    path,
                    format!("`{path}` is now `#[non_exhaustive]`: a `match` on it needs a `_` arm"),
                    at.0.clone(),
                    at.1.clone(),
                );
            }
            for (name, payload) in va {
                match vb.iter().find(|(n, _)| n == name) {
                    None => cx.push(
                        "enum-value-removed",
                        true,
                        &format!("{path}::{name}"),
                        format!("`{path}::{name}` removed"),
                        at.0.clone(),
                        at.1.clone(),
                    ),
                    Some((_, other)) if other != payload => cx.push(
                        "variant-type-changed",
                        true,
                        &format!("{path}::{name}"),
                        format!("`{path}::{name}` holds `{other}` instead of `{payload}`"),
                        at.0.clone(),
                        at.1.clone(),
                    ),
                    _ => {}
                }
            }
            for (name, _) in vb {
                if !va.iter().any(|(n, _)| n == name) {
                    cx.push(
                        "enum-value-added",
                        !na,
                        &format!("{path}::{name}"),
                        if *na {
                            format!("`{path}::{name}` added")
                        } else {
                            format!("`{path}::{name}` added: an exhaustive `match` on `{path}` no longer compiles")
                        },
                        at.0.clone(),
                        at.1.clone(),
                    );
                }
            }
        }
        (Item::Alias(a), Item::Alias(b)) | (Item::Static(a), Item::Static(b)) => {
            if a != b {
                cx.push(
                    "type-changed",
                    true,
                    path,
                    format!("`{path}` is `{b}` instead of `{a}`"),
                    at.0,
                    at.1,
                );
            }
        }
        _ => cx.push(
            "type-kind-changed",
            true,
            path,
            format!("`{path}` is another kind of type (struct, enum or alias) than it was"),
            at.0,
            at.1,
        ),
    }
}

/// Two versions of a struct: a model, or an operation's options (`op_at`
/// holds the operation's pointers then).
fn structs(
    cx: &mut Ctx<'_>,
    path: &str,
    old: &Struct,
    new: &Struct,
    op_at: Option<(Option<String>, Option<String>)>,
) {
    let options = op_at.is_some();
    let type_at = op_at
        .clone()
        .unwrap_or_else(|| (cx.old_type(path), cx.new_type(path)));
    let field_at = |base: &Option<String>, wire: &str| {
        base.as_ref().map(|b| {
            if options {
                format!("{b}/parameters")
            } else {
                pointer::join(&format!("{b}/properties"), wire)
            }
        })
    };
    let (what, added_kind) = if options {
        ("optional parameter", "optional-parameter-added")
    } else {
        ("field", "field-added")
    };
    if !old.non_exhaustive && new.non_exhaustive {
        cx.push(
            "struct-now-non-exhaustive",
            true,
            path,
            format!("`{path}` is now `#[non_exhaustive]`: struct literals and exhaustive patterns of it no longer compile"),
            type_at.0.clone(),
            type_at.1.clone(),
        );
    }
    if old.default && !new.default {
        cx.push(
            "default-removed",
            true,
            path,
            format!("`{path}` no longer implements `Default` (it has a required field now): build it with `new`"),
            type_at.0.clone(),
            type_at.1.clone(),
        );
    }
    for field in &old.fields {
        let item = format!("{path}.{}", field.name);
        let old_at = field_at(&type_at.0, &field.wire);
        match new.fields.iter().find(|f| f.name == field.name) {
            None => cx.push(
                if options {
                    "optional-parameter-removed"
                } else {
                    "field-removed"
                },
                true,
                &item,
                format!("{what} `{}` removed", field.name),
                old_at,
                None,
            ),
            Some(other) if other.ty != field.ty => {
                let new_at = field_at(&type_at.1, &other.wire);
                let (kind, message) = if strip_option(&field.ty) == Some(other.ty.as_str()) {
                    (
                        "field-now-required",
                        format!(
                            "`{}` is now required: `{}` instead of `{}`",
                            field.name, other.ty, field.ty
                        ),
                    )
                } else if strip_option(&other.ty) == Some(field.ty.as_str()) {
                    (
                        "field-now-optional",
                        format!(
                            "`{}` is now optional: `{}` instead of `{}`",
                            field.name, other.ty, field.ty
                        ),
                    )
                } else {
                    (
                        "field-type-changed",
                        format!(
                            "{what} `{}` is `{}` instead of `{}`",
                            field.name, other.ty, field.ty
                        ),
                    )
                };
                cx.push(kind, true, &item, message, old_at, new_at);
            }
            _ => {}
        }
    }
    let constructible = !old.non_exhaustive && !old.private_fields;
    // A type the client reads from the server: a new required field is
    // missing from what a server of the old document sends.
    let read = !options && cx.new_read.contains(path);
    for field in &new.fields {
        if old.fields.iter().any(|f| f.name == field.name) {
            continue;
        }
        let item = format!("{path}.{}", field.name);
        let required = read && strip_option(&field.ty).is_none();
        let (kind, breaking, message) = if constructible {
            (
                added_kind,
                true,
                format!(
                    "{what} `{}: {}` added: struct literals of `{path}` no longer compile",
                    field.name, field.ty
                ),
            )
        } else if required {
            (
                "required-field-added",
                true,
                format!(
                    "required field `{}: {}` added to `{path}`, which the client reads: an answer of a server of the old document, which lacks it, no longer reads (`Error::InvalidBody`)",
                    field.name, field.ty
                ),
            )
        } else {
            (
                added_kind,
                false,
                format!("{what} `{}: {}` added", field.name, field.ty),
            )
        };
        cx.push(
            kind,
            breaking,
            &item,
            message,
            None,
            field_at(&type_at.1, &field.wire),
        );
    }
}
