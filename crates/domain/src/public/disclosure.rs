//! Small-cell suppression for public tables of deputies: a cell counting fewer than
//! [`MIN_DEPUTIES`] deputies is shown as "<5" (primary suppression), and further cells are
//! withheld (secondary suppression) until no hidden cell can be worked out from the cells
//! shown and the row and column totals.
//!
//! The table is seen with its margins as one grid of (rows + 1) × (columns + 1) cells. With
//! every shown figure known, the hidden cells are the unknowns of the equations "each row
//! sums to its total, each column to its total". Negating the total row and column turns
//! these into "every line of the grid sums to zero", so the hidden cells are the edges of a
//! bipartite graph (rows on one side, columns on the other) and a hidden cell can be solved
//! exactly when, and only when, its edge lies on no cycle — when it is a bridge. This
//! module withholds cells until no hidden cell is a bridge. (The test solves the equations
//! by elimination, independently of this argument.)

/// Cells counting fewer deputies than this are not shown.
pub const MIN_DEPUTIES: u32 = 5;

/// A cell as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// The figure.
    Shown(u32),
    /// Fewer than [`MIN_DEPUTIES`]: shown as "<5".
    Small,
    /// Withheld so that no small cell can be worked out from the others.
    Withheld,
}

impl Cell {
    /// The figure, when shown.
    pub fn value(self) -> Option<u32> {
        match self {
            Cell::Shown(value) => Some(value),
            Cell::Small | Cell::Withheld => None,
        }
    }

    /// How the cell is written in tables and CSV: the figure, `<5`, or `x` (withheld).
    pub fn text(self) -> String {
        match self {
            Cell::Shown(value) => value.to_string(),
            Cell::Small => format!("<{MIN_DEPUTIES}"),
            Cell::Withheld => "x".to_owned(),
        }
    }
}

impl serde::Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Shown(value) => serializer.serialize_u32(*value),
            Cell::Small | Cell::Withheld => serializer.serialize_str(&self.text()),
        }
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Cell {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, SchemaType, Type};
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::Integer))
                    .minimum(Some(0)),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::String))
                    .enum_values(Some(["<5", "x"]))
                    .description(Some(
                        "<5: fewer than 5 deputies; x: withheld so that no small cell can be worked out",
                    )),
            )
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Cell {}

/// A table of deputy counts made safe to publish, with its margins.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Protected {
    /// The inner cells, row by row.
    pub cells: Vec<Vec<Cell>>,
    /// Each row's total.
    pub row_totals: Vec<Cell>,
    /// Each column's total.
    pub column_totals: Vec<Cell>,
    /// The grand total.
    pub total: Cell,
}

/// The grid with margins: value and whether hidden, at `[row][column]`; the last row and
/// column are the totals.
struct Grid {
    values: Vec<Vec<u32>>,
    hidden: Vec<Vec<bool>>,
    rows: usize,
    columns: usize,
}

impl Grid {
    fn new(counts: &[Vec<u32>], columns: usize) -> Grid {
        let rows = counts.len();
        let mut values = vec![vec![0u32; columns + 1]; rows + 1];
        for (r, row) in counts.iter().enumerate() {
            for c in 0..columns {
                let value = row.get(c).copied().unwrap_or(0);
                values[r][c] = value;
                values[r][columns] += value;
                values[rows][c] += value;
                values[rows][columns] += value;
            }
        }
        let hidden = values
            .iter()
            .map(|row| row.iter().map(|v| *v < MIN_DEPUTIES).collect())
            .collect();
        Grid {
            values,
            hidden,
            rows,
            columns,
        }
    }

    /// Node ids: rows `0..=rows`, then columns `rows + 1 ..= rows + 1 + columns`.
    fn column_node(&self, column: usize) -> usize {
        self.rows + 1 + column
    }

    /// The nodes reachable from `from` over hidden cells, leaving out the cell `skip`.
    fn reachable(&self, from: usize, skip: (usize, usize)) -> Vec<bool> {
        let nodes = self.rows + self.columns + 2;
        let mut seen = vec![false; nodes];
        let mut stack = vec![from];
        seen[from] = true;
        while let Some(node) = stack.pop() {
            let neighbours: Vec<usize> = if node <= self.rows {
                (0..=self.columns)
                    .filter(|c| self.hidden[node][*c] && (node, *c) != skip)
                    .map(|c| self.column_node(c))
                    .collect()
            } else {
                let c = node - self.rows - 1;
                (0..=self.rows)
                    .filter(|r| self.hidden[*r][c] && (*r, c) != skip)
                    .collect()
            };
            for next in neighbours {
                if !seen[next] {
                    seen[next] = true;
                    stack.push(next);
                }
            }
        }
        seen
    }

    /// A hidden cell that the others determine, with the two sides it joins.
    fn bridge(&self) -> Option<((usize, usize), Vec<bool>)> {
        for r in 0..=self.rows {
            for c in 0..=self.columns {
                if self.hidden[r][c] {
                    let side = self.reachable(r, (r, c));
                    if !side[self.column_node(c)] {
                        return Some(((r, c), side));
                    }
                }
            }
        }
        None
    }

    /// The shown cell to withhold next among `candidates`: inner cells before totals, the
    /// smallest first (the least information lost).
    fn cheapest(&self, candidates: impl Iterator<Item = (usize, usize)>) -> Option<(usize, usize)> {
        candidates
            .filter(|(r, c)| !self.hidden[*r][*c])
            .min_by_key(|(r, c)| (*r == self.rows || *c == self.columns, self.values[*r][*c], *r, *c))
    }

    fn all_cells(&self) -> Vec<(usize, usize)> {
        (0..=self.rows)
            .flat_map(|r| (0..=self.columns).map(move |c| (r, c)))
            .collect()
    }

    /// Withholds cells until no hidden cell is a bridge.
    fn protect(&mut self) {
        let limit = (self.rows + 1) * (self.columns + 1);
        for _ in 0..limit {
            let Some(((r, c), side)) = self.bridge() else {
                return;
            };
            // A cell joining the two sides closes a cycle through the bridge.
            let crossing = self.all_cells().into_iter().filter(|(r2, c2)| {
                let row_side = side[*r2];
                let column_side = side[self.column_node(*c2)];
                row_side != column_side
            });
            let next = self
                .cheapest(crossing)
                .or_else(|| {
                    let line = (0..=self.columns)
                        .map(|c2| (r, c2))
                        .chain((0..=self.rows).map(|r2| (r2, c)));
                    self.cheapest(line)
                })
                .or_else(|| self.cheapest(self.all_cells().into_iter()));
            match next {
                Some((r2, c2)) => self.hidden[r2][c2] = true,
                None => return,
            }
        }
    }
}

/// `counts` (rows of deputy counts, each `columns` long) with its margins, made safe to
/// publish: small cells marked, further cells withheld until none can be solved for.
pub fn protect(counts: &[Vec<u32>], columns: usize) -> Protected {
    protect_with(counts, columns, &[])
}

/// [`protect`], with some cells of the grid with margins hidden from the start (`(row,
/// column)`, the totals being row `counts.len()` and column `columns`): figures that
/// another published table hides and this one repeats.
pub fn protect_with(counts: &[Vec<u32>], columns: usize, forced: &[(usize, usize)]) -> Protected {
    let mut grid = Grid::new(counts, columns);
    for (r, c) in forced {
        if let Some(cell) = grid.hidden.get_mut(*r).and_then(|row| row.get_mut(*c)) {
            *cell = true;
        }
    }
    grid.protect();
    let cell = |r: usize, c: usize| {
        if !grid.hidden[r][c] {
            Cell::Shown(grid.values[r][c])
        } else if grid.values[r][c] < MIN_DEPUTIES {
            Cell::Small
        } else {
            Cell::Withheld
        }
    };
    let rows = grid.rows;
    Protected {
        cells: (0..rows).map(|r| (0..columns).map(|c| cell(r, c)).collect()).collect(),
        row_totals: (0..rows).map(|r| cell(r, columns)).collect(),
        column_totals: (0..columns).map(|c| cell(rows, c)).collect(),
        total: cell(rows, columns),
    }
}

/// One list of deputy counts that adds up to a published total (a distribution): the
/// same protection, the total being the one column's total.
pub fn protect_list(counts: &[u32]) -> (Vec<Cell>, Cell) {
    protect_list_with(counts, &[], false)
}

/// [`protect_list`] with some buckets (and the total, when `total_forced`) hidden from the
/// start.
pub fn protect_list_with(counts: &[u32], forced: &[usize], total_forced: bool) -> (Vec<Cell>, Cell) {
    let rows: Vec<Vec<u32>> = counts.iter().map(|c| vec![*c]).collect();
    let mut hide: Vec<(usize, usize)> = forced.iter().flat_map(|r| [(*r, 0), (*r, 1)]).collect();
    if total_forced {
        hide.extend([(counts.len(), 0), (counts.len(), 1)]);
    }
    let table = protect_with(&rows, 1, &hide);
    // The rows' totals repeat the cells; a cell is hidden where either is.
    let cells = table
        .cells
        .iter()
        .zip(&table.row_totals)
        .map(|(row, total)| match (row[0], *total) {
            (Cell::Shown(_), Cell::Shown(_)) => row[0],
            (Cell::Shown(_), hidden) | (hidden, _) => hidden,
        })
        .collect();
    let total = match (table.column_totals[0], table.total) {
        (Cell::Shown(_), Cell::Shown(_)) => table.total,
        (Cell::Shown(_), hidden) | (hidden, _) => hidden,
    };
    (cells, total)
}
