//! Model documentation (CommonMark with HTML, as AWS writes it) to rustdoc Markdown.

/// Converts documentation to Markdown that rustdoc renders without warnings.
pub fn to_markdown(doc: &str) -> String {
    let mut md = Markdown::default();
    let mut rest = doc;
    while let Some(open) = rest.find('<') {
        md.text(&rest[..open]);
        let after = &rest[open..];
        match after.find('>') {
            Some(close) if is_tag(&after[1..close]) => {
                md.tag(&after[1..close]);
                rest = &after[close + 1..];
            }
            _ => {
                md.text("<");
                rest = &after[1..];
            }
        }
    }
    md.text(rest);
    md.finish()
}

fn is_tag(inner: &str) -> bool {
    let name = inner.trim_start_matches('/');
    name.starts_with(|c: char| c.is_ascii_alphabetic()) || inner.starts_with('!')
}

#[derive(Default)]
struct Markdown {
    out: String,
    /// Open list markers: `None` for bullets, `Some(n)` for the next ordered number.
    lists: Vec<Option<u32>>,
    /// Per open list, the width of its current item's marker (`- ` is 2, `10. ` is 4):
    /// their sum is how far an item's continuation lines are indented.
    marker_widths: Vec<usize>,
    /// An inline marker (`**`, `*`, `` ` ``) was just opened: white space after it is dropped.
    opened: bool,
    /// Where the text of the inline marker opened last starts, to drop a pair with nothing
    /// between (`<i><placeholder></i>`), which Markdown would show as stray stars.
    opened_at: usize,
    link: Option<String>,
    pre: bool,
    /// Inside a code span, where Markdown escapes would show literally.
    code: bool,
    skip: usize,
    /// A space is owed before the next word.
    space: bool,
}

impl Markdown {
    fn text(&mut self, raw: &str) {
        if self.skip > 0 || raw.is_empty() {
            return;
        }
        let text = decode_entities(raw);
        if self.pre {
            self.out.push_str(&text);
            return;
        }
        if text.starts_with(char::is_whitespace) && !self.opened {
            self.space = true;
        }
        for (i, word) in text.split_whitespace().enumerate() {
            if (i > 0 || self.space) && !self.at_line_start() {
                self.out.push(' ');
            }
            self.space = false;
            self.opened = false;
            self.word(word);
        }
        // White space right after an opening marker (nothing written since) is dropped too.
        if text.ends_with(char::is_whitespace) && !self.opened {
            self.space = true;
        }
    }

    fn word(&mut self, word: &str) {
        if (word.starts_with("http://") || word.starts_with("https://")) && self.link.is_none() {
            let end = word.trim_end_matches(['.', ',', ')', ';']).len();
            self.out.push('<');
            self.out.push_str(&word[..end]);
            self.out.push('>');
            self.out.push_str(&word[end..]);
            return;
        }
        if self.code {
            self.out.push_str(&word.replace('`', "'"));
            return;
        }
        for c in word.chars() {
            if matches!(c, '[' | ']' | '*' | '`' | '<' | '>' | '\\' | '_' | '#' | '|') {
                self.out.push('\\');
            }
            self.out.push(c);
        }
    }

    fn at_line_start(&self) -> bool {
        let line = self.out.rsplit('\n').next().unwrap_or("");
        line.trim_start().is_empty() || self.out.ends_with("- ") || self.out.ends_with(". ") && self.list_marker_end()
    }

    fn list_marker_end(&self) -> bool {
        let line = self.out.rsplit('\n').next().unwrap_or("");
        line.trim_start().trim_end_matches(". ").chars().all(|c| c.is_ascii_digit())
    }

    fn paragraph(&mut self) {
        let trimmed = self.out.trim_end_matches([' ', '\n']).len();
        self.out.truncate(trimmed);
        if !self.out.is_empty() {
            self.out.push_str("\n\n");
        }
        self.space = false;
    }

    fn newline(&mut self) {
        let trimmed = self.out.trim_end_matches(' ').len();
        self.out.truncate(trimmed);
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.space = false;
    }

    fn inline(&mut self, marker: &str, closing: bool) {
        if self.skip > 0 {
            return;
        }
        if !closing {
            if self.space && !self.at_line_start() {
                self.out.push(' ');
            }
            self.space = false;
        } else if self.opened && self.out.len() == self.opened_at && self.out.ends_with(marker) {
            self.out.truncate(self.opened_at - marker.len());
            self.opened = false;
            return;
        }
        self.out.push_str(marker);
        self.opened = !closing;
        self.opened_at = self.out.len();
    }

    fn tag(&mut self, inner: &str) {
        let closing = inner.starts_with('/');
        let inner = inner.trim_start_matches('/').trim_end_matches('/');
        let name = inner.split(|c: char| c.is_whitespace()).next().unwrap_or("").to_ascii_lowercase();
        match name.as_str() {
            "fullname" => {
                if closing {
                    self.skip = self.skip.saturating_sub(1);
                } else {
                    self.skip += 1;
                }
            }
            // Paragraphs inside list items continue the item on an indented line.
            "p" if !self.lists.is_empty() && !closing && !self.at_line_start() => {
                self.newline();
                self.out.push_str(&" ".repeat(self.marker_widths.iter().sum()));
            }
            "p" if !self.lists.is_empty() => {}
            "p" | "div" | "note" | "important" | "h1" | "h2" | "h3" | "h4" | "dl" => {
                self.paragraph();
                if !closing && (name == "note" || name == "important") {
                    self.out.push_str(if name == "note" { "**Note:** " } else { "**Important:** " });
                }
            }
            "br" => self.newline(),
            "code" | "tt" if !self.pre => {
                self.inline("`", closing);
                self.code = !closing;
            }
            "b" | "strong" => self.inline("**", closing),
            "i" | "em" => self.inline("*", closing),
            "pre" => {
                self.paragraph();
                self.out.push_str(if closing { "" } else { "```text\n" });
                if closing {
                    self.out.push_str("```\n\n");
                }
                self.pre = !closing;
            }
            "ul" | "ol" => {
                if closing {
                    self.lists.pop();
                    self.marker_widths.pop();
                    if self.lists.is_empty() {
                        self.paragraph();
                    }
                } else {
                    if self.lists.is_empty() {
                        self.paragraph();
                    }
                    self.lists.push(if name == "ol" { Some(1) } else { None });
                    self.marker_widths.push(0);
                }
            }
            "li" | "dt" | "dd" if !closing => {
                self.newline();
                let outer: usize = self.marker_widths.iter().rev().skip(1).sum();
                self.out.push_str(&" ".repeat(outer));
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "- ".to_owned(),
                };
                self.out.push_str(&marker);
                if let Some(width) = self.marker_widths.last_mut() {
                    *width = marker.len();
                }
            }
            "a" => {
                if closing {
                    if let Some(href) = self.link.take() {
                        self.out.push_str(&format!("]({href})"));
                    }
                } else if let Some(href) = attribute(inner, "href") {
                    self.inline("[", false);
                    self.link = Some(href.replace(' ', "%20").replace(')', "%29"));
                }
            }
            _ => {}
        }
    }

    fn finish(mut self) -> String {
        if let Some(href) = self.link.take() {
            self.out.push_str(&format!("]({href})"));
        }
        if self.pre {
            self.out.push_str("\n```");
        }
        let lines: Vec<&str> = self.out.lines().map(str::trim_end).collect();
        lines.join("\n").trim().to_owned()
    }
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[start..];
    let quote = rest.chars().next()?;
    if quote == '"' || quote == '\'' {
        let end = rest[1..].find(quote)?;
        Some(decode_entities(&rest[1..1 + end]))
    } else {
        Some(rest.split_whitespace().next()?.to_owned())
    }
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let entity = &after[1..end];
            let c = match entity {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ if entity.starts_with("#x") => u32::from_str_radix(&entity[2..], 16).ok().and_then(char::from_u32),
                _ if entity.starts_with('#') => entity[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            }?;
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn paragraphs_code_and_links() {
        let md =
            to_markdown("<p>Starts an <code>ExportTask</code>.</p> <p>See <a href=\"https://example.com/x\">the guide</a> for more.</p>");
        assert_eq!(md, "Starts an `ExportTask`.\n\nSee [the guide](https://example.com/x) for more.");
    }

    #[test]
    fn lists_entities_and_escapes() {
        assert_eq!(to_markdown("<code>IN_PROGRESS</code> and snake_case"), "`IN_PROGRESS` and snake\\_case");
        let md = to_markdown("<ul><li><p>a &amp; b</p></li><li>[x] *y*</li></ul>");
        assert_eq!(md, "- a & b\n- \\[x\\] \\*y\\*");
    }

    #[test]
    fn bare_urls_become_autolinks_and_fullname_is_dropped() {
        assert_eq!(to_markdown("<fullname>Amazon RDS</fullname> see https://aws.amazon.com."), "see <https://aws.amazon.com>.");
    }

    #[test]
    fn paragraphs_in_list_items_continue_at_the_items_indent() {
        let md = to_markdown("<ul><li><p>First.</p><p>\n   <code>arn:a</code>\n</p></li><li><p>Second.</p></li></ul>");
        assert_eq!(md, "- First.\n  `arn:a`\n- Second.");
        let md = to_markdown("<ol><li><p>One.</p><p>More.</p><ul><li><p>Inner.</p><p>Again.</p></li></ul></li></ol>");
        assert_eq!(md, "1. One.\n   More.\n   - Inner.\n     Again.");
    }

    #[test]
    fn emphasis_keeps_no_space_inside_its_markers() {
        assert_eq!(to_markdown("A <b>\n  bold</b> word and <i> it </i>."), "A **bold** word and *it* .");
        assert_eq!(
            to_markdown("see the <i>\n <a href=\"https://x\">guide</a></i> and <i> <code>a</code>:<code>b</code></i>"),
            "see the *[guide](https://x)* and *`a`:`b`*"
        );
        assert_eq!(to_markdown("cluster-<i><id></i>-sg and <b></b>done"), "cluster--sg and done");
    }

    #[test]
    fn plain_text_passes_through() {
        assert_eq!(to_markdown("Exports a snapshot to S3."), "Exports a snapshot to S3.");
    }
}
