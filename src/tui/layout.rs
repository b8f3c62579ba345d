//! Where each pane goes, as a pure function of the terminal size, the focused pane and the
//! side-panel toggle: three panes at 160 columns and more, two (plus an optional narrow side
//! panel) from 100, one at a time below that, and a "too small" message under the minimum.

use ratatui::layout::Rect;

use super::config::PaneRatios;

/// Smallest terminal the reader draws into.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// The panes, in focus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    List,
    Article,
    Side,
}

impl Pane {
    pub fn next(self) -> Pane {
        match self {
            Pane::List => Pane::Article,
            Pane::Article => Pane::Side,
            Pane::Side => Pane::List,
        }
    }
    pub fn prev(self) -> Pane {
        match self {
            Pane::List => Pane::Side,
            Pane::Article => Pane::List,
            Pane::Side => Pane::Article,
        }
    }
}

/// The named rectangles of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub list: Option<Rect>,
    pub article: Option<Rect>,
    pub side: Option<Rect>,
    pub status: Rect,
    /// Set when the terminal is below the minimum: draw only a message.
    pub too_small: bool,
}

impl Areas {
    pub fn get(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::List => self.list,
            Pane::Article => self.article,
            Pane::Side => self.side,
        }
    }

    /// The pane under the terminal cell (x, y).
    pub fn pane_at(&self, x: u16, y: u16) -> Option<Pane> {
        [Pane::List, Pane::Article, Pane::Side]
            .into_iter()
            .find(|&p| {
                self.get(p)
                    .is_some_and(|r| r.contains(ratatui::layout::Position { x, y }))
            })
    }
}

/// How many panes a width allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Three,
    Two,
    One,
}

pub fn mode(width: u16) -> Mode {
    match width {
        160.. => Mode::Three,
        100..=159 => Mode::Two,
        _ => Mode::One,
    }
}

/// Lay out a `area`-sized terminal.
pub fn layout(area: Rect, focus: Pane, show_side: bool, ratios: PaneRatios) -> Areas {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Areas {
            status: area,
            too_small: true,
            ..Areas::default()
        };
    }
    let body = Rect {
        height: area.height - 1,
        ..area
    };
    let status = Rect {
        y: area.y + area.height - 1,
        height: 1,
        ..area
    };
    let split = |widths: &[u16]| -> Vec<Rect> {
        let mut x = body.x;
        let mut out = Vec::new();
        for (i, &w) in widths.iter().enumerate() {
            let w = if i + 1 == widths.len() {
                body.x + body.width - x
            } else {
                w
            };
            out.push(Rect {
                x,
                width: w,
                ..body
            });
            x += w;
        }
        out
    };
    let pct = |p: u16| (u32::from(body.width) * u32::from(p) / 100) as u16;
    let m = mode(area.width);
    if m == Mode::One {
        let mut a = Areas {
            status,
            ..Areas::default()
        };
        match focus {
            Pane::List => a.list = Some(body),
            Pane::Article => a.article = Some(body),
            Pane::Side => a.side = Some(body),
        }
        return a;
    }
    let shares = u32::from((ratios.list + ratios.article).max(1));
    let r = if !show_side {
        let list = (u32::from(body.width) * u32::from(ratios.list) / shares) as u16;
        split(&[list, 0])
    } else if m == Mode::Three {
        split(&[pct(ratios.list), pct(ratios.article), 0])
    } else {
        // Two-pane widths: the side panel narrows to a third; the list keeps its share of the rest.
        let side = body.width / 3;
        let list = (u32::from(body.width - side) * u32::from(ratios.list) / shares) as u16;
        split(&[list, body.width - side - list, 0])
    };
    Areas {
        list: r.first().copied(),
        article: r.get(1).copied(),
        side: r.get(2).copied(),
        status,
        too_small: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(w: u16, h: u16, focus: Pane, side: bool) -> Areas {
        layout(Rect::new(0, 0, w, h), focus, side, PaneRatios::default())
    }

    #[test]
    fn wide_terminals_get_three_panes_that_tile_the_width() {
        let a = at(200, 50, Pane::List, true);
        let (l, m, s) = (a.list.unwrap(), a.article.unwrap(), a.side.unwrap());
        assert_eq!(l.width + m.width + s.width, 200);
        assert_eq!((l.x, m.x, s.x), (0, l.width, l.width + m.width));
        assert_eq!(a.status, Rect::new(0, 49, 200, 1));
        assert_eq!(l.height, 49);
    }

    #[test]
    fn medium_terminals_toggle_a_narrow_side_panel() {
        let a = at(120, 40, Pane::Article, false);
        assert!(a.side.is_none());
        assert_eq!(a.list.unwrap().width + a.article.unwrap().width, 120);
        let b = at(120, 40, Pane::Article, true);
        assert_eq!(b.side.unwrap().width, 120 - 120 / 3 * 2);
        let wide = at(200, 40, Pane::Article, false);
        assert!(wide.side.is_none());
    }

    #[test]
    fn narrow_terminals_show_only_the_focused_pane() {
        let a = at(80, 24, Pane::Side, true);
        assert!(a.list.is_none() && a.article.is_none());
        assert_eq!(a.side.unwrap(), Rect::new(0, 0, 80, 23));
        assert_eq!(a.pane_at(5, 5), Some(Pane::Side));
    }

    #[test]
    fn below_the_minimum_nothing_but_a_message() {
        assert!(at(30, 8, Pane::List, true).too_small);
        assert!(!at(40, 10, Pane::List, true).too_small);
    }
}
