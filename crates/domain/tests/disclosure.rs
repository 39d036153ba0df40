//! The attack on published tables: solve the row and column equations against their totals
//! by Gaussian elimination, and check that no hidden cell comes out, on random tables and
//! on the shapes the public statistics publish. Independent of the graph argument
//! `public::disclosure` makes.

#![cfg(not(target_arch = "wasm32"))]

use lvzhi_domain::public::disclosure::{Cell, MIN_DEPUTIES, Protected, protect, protect_list};
use proptest::prelude::*;

/// The published grid with margins: `Some(value)` shown, `None` hidden.
fn published(table: &Protected) -> Vec<Vec<Option<u32>>> {
    let mut grid: Vec<Vec<Option<u32>>> = table
        .cells
        .iter()
        .zip(&table.row_totals)
        .map(|(row, total)| row.iter().chain(std::iter::once(total)).map(|c| c.value()).collect())
        .collect();
    grid.push(
        table
            .column_totals
            .iter()
            .chain(std::iter::once(&table.total))
            .map(|c| c.value())
            .collect(),
    );
    grid
}

/// The hidden cells an attacker can solve for exactly.
fn solvable(grid: &[Vec<Option<u32>>]) -> Vec<(usize, usize)> {
    let rows = grid.len() - 1;
    let columns = grid[0].len() - 1;
    let unknowns: Vec<(usize, usize)> = (0..=rows)
        .flat_map(|r| (0..=columns).map(move |c| (r, c)))
        .filter(|(r, c)| grid[*r][*c].is_none())
        .collect();
    let index = |cell: (usize, usize)| unknowns.iter().position(|u| *u == cell);
    // Each line: the cells with +1 and the total with −1 sum to zero.
    let mut lines: Vec<Vec<(usize, usize, f64)>> = Vec::new();
    for r in 0..=rows {
        let mut line: Vec<_> = (0..columns).map(|c| (r, c, 1.0)).collect();
        line.push((r, columns, -1.0));
        lines.push(line);
    }
    for c in 0..=columns {
        let mut line: Vec<_> = (0..rows).map(|r| (r, c, 1.0)).collect();
        line.push((rows, c, -1.0));
        lines.push(line);
    }
    let matrix: Vec<Vec<f64>> = lines
        .iter()
        .map(|line| {
            let mut row = vec![0.0; unknowns.len()];
            for (r, c, coefficient) in line {
                if let Some(i) = index((*r, *c)) {
                    row[i] += coefficient;
                }
            }
            row
        })
        .collect();
    let base = rank(matrix.clone());
    unknowns
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            let mut with = matrix.clone();
            let mut unit = vec![0.0; unknowns.len()];
            unit[*i] = 1.0;
            with.push(unit);
            rank(with) == base
        })
        .map(|(_, cell)| *cell)
        .collect()
}

fn rank(mut m: Vec<Vec<f64>>) -> usize {
    let width = m.first().map_or(0, Vec::len);
    let mut rank = 0;
    for column in 0..width {
        let Some(pivot) = (rank..m.len()).find(|r| m[*r][column].abs() > 1e-9) else {
            continue;
        };
        m.swap(rank, pivot);
        for r in 0..m.len() {
            if r != rank && m[r][column].abs() > 1e-9 {
                let factor = m[r][column] / m[rank][column];
                for c in 0..width {
                    m[r][c] -= factor * m[rank][c];
                }
            }
        }
        rank += 1;
    }
    rank
}

fn check(counts: &[Vec<u32>], columns: usize) -> Result<(), TestCaseError> {
    let table = protect(counts, columns);
    let grid = published(&table);
    let solved = solvable(&grid);
    prop_assert!(
        solved.is_empty(),
        "solvable hidden cells {solved:?} in {counts:?}: {table:?}"
    );
    // Every small cell is hidden, every shown figure is true.
    for (r, row) in counts.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            match table.cells[r][c] {
                Cell::Shown(shown) => {
                    prop_assert_eq!(shown, *value);
                    prop_assert!(*value >= MIN_DEPUTIES);
                }
                Cell::Small => prop_assert!(*value < MIN_DEPUTIES),
                Cell::Withheld => prop_assert!(*value >= MIN_DEPUTIES),
            }
        }
    }
    Ok(())
}

#[test]
fn a_lone_small_cell_in_a_row_is_not_left_recoverable() {
    // Without secondary suppression, 3 = 20 − 17 would be read off the row total.
    let counts = vec![vec![17, 3], vec![30, 12], vec![25, 9]];
    let table = protect(&counts, 2);
    assert_eq!(table.cells[0][1], Cell::Small);
    assert!(solvable(&published(&table)).is_empty(), "{table:?}");
    assert!(table.cells.iter().flatten().any(|c| *c == Cell::Withheld));
}

#[test]
fn a_bridge_between_two_hidden_blocks_is_closed() {
    // Two blocks of small cells joined by one hidden cell: that cell is a bridge.
    let counts = vec![
        vec![2, 3, 40, 40],
        vec![1, 4, 6, 40],
        vec![40, 40, 2, 1],
        vec![40, 40, 3, 2],
    ];
    let table = protect(&counts, 4);
    assert!(solvable(&published(&table)).is_empty(), "{table:?}");
}

#[test]
fn a_distribution_with_one_small_bucket_hides_a_second() {
    let (cells, total) = protect_list(&[3, 10, 20]);
    assert_eq!(cells[0], Cell::Small);
    assert_eq!(total, Cell::Shown(33));
    assert_eq!(cells.iter().filter(|c| c.value().is_none()).count(), 2, "{cells:?}");
    let (all_big, _) = protect_list(&[6, 10, 20]);
    assert!(all_big.iter().all(|c| c.value().is_some()));
}

#[test]
fn the_attack_finds_an_unprotected_cell() {
    // The attack itself must catch a table with only its small cell hidden.
    let grid = vec![
        vec![Some(17), None, Some(20)],
        vec![Some(30), Some(12), Some(42)],
        vec![Some(47), Some(15), Some(62)],
    ];
    assert_eq!(solvable(&grid), vec![(0, 1)]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn no_hidden_cell_can_be_solved_for(
        rows in 1usize..7,
        columns in 1usize..5,
        seed in proptest::collection::vec(0u32..30, 36),
    ) {
        let counts: Vec<Vec<u32>> = (0..rows)
            .map(|r| (0..columns).map(|c| seed[(r * columns + c) % seed.len()]).collect())
            .collect();
        check(&counts, columns)?;
    }
}
