//! Cycles of a directed graph, for segments that refer to themselves. Iterative (a file may
//! hold a chain of tens of thousands of segments) and linear in nodes plus edges, whatever the
//! shape of the graph.

/// One cycle per strongly connected component that has one: the component's smallest node
/// first, then the nodes of a path from it back to itself. Components are in order of their
/// smallest node.
pub(crate) fn cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = components(edges)
        .into_iter()
        .filter_map(|component| {
            let head = component.iter().copied().min()?;
            let self_loop = edges.get(head).is_some_and(|e| e.contains(&head));
            if component.len() == 1 && !self_loop {
                return None;
            }
            Some(path_back(edges, &component, head))
        })
        .collect();
    crate::sort::sort_by_key(&mut out, |c| c.first().copied());
    out
}

/// Tarjan's strongly connected components, with an explicit call stack.
fn components(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index: Vec<Option<usize>> = vec![None; n];
    let mut low: Vec<usize> = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();

    let mut visit = |v: usize,
                     index: &mut Vec<Option<usize>>,
                     low: &mut Vec<usize>,
                     on_stack: &mut Vec<bool>,
                     stack: &mut Vec<usize>| {
        set(index, v, Some(next));
        set(low, v, next);
        set(on_stack, v, true);
        stack.push(v);
        next += 1;
    };

    for root in 0..n {
        if get(&index, root).flatten().is_some() {
            continue;
        }
        visit(root, &mut index, &mut low, &mut on_stack, &mut stack);
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some((v, edge)) = calls.last().copied() {
            if let Some(&w) = edges.get(v).and_then(|e| e.get(edge)) {
                if let Some(top) = calls.last_mut() {
                    top.1 += 1;
                }
                match get(&index, w).flatten() {
                    None => {
                        visit(w, &mut index, &mut low, &mut on_stack, &mut stack);
                        calls.push((w, 0));
                    }
                    Some(wi) if get(&on_stack, w) == Some(true) => {
                        let lv = get(&low, v).unwrap_or(0).min(wi);
                        set(&mut low, v, lv);
                    }
                    Some(_) => {}
                }
                continue;
            }
            calls.pop();
            let lv = get(&low, v).unwrap_or(0);
            if let Some(&(parent, _)) = calls.last() {
                let lp = get(&low, parent).unwrap_or(0).min(lv);
                set(&mut low, parent, lp);
            }
            if get(&index, v).flatten() == Some(lv) {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    set(&mut on_stack, w, false);
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(component);
            }
        }
    }
    out
}

/// A shortest path `head → ... → head` inside the component (breadth-first), without the
/// final `head`.
fn path_back(edges: &[Vec<usize>], component: &[usize], head: usize) -> Vec<usize> {
    let n = edges.len();
    let mut inside = vec![false; n];
    for &v in component {
        set(&mut inside, v, true);
    }
    let mut parent: Vec<Option<usize>> = vec![None; n];
    let mut seen = vec![false; n];
    set(&mut seen, head, true);
    let mut queue = std::collections::VecDeque::from([head]);
    while let Some(v) = queue.pop_front() {
        for &w in edges.get(v).into_iter().flatten() {
            if w == head {
                // Walk the parents back from v to head.
                let mut path = vec![v];
                let mut at = v;
                while let Some(p) = get(&parent, at).flatten() {
                    path.push(p);
                    at = p;
                }
                if at != head {
                    path.push(head);
                }
                path.reverse();
                path.dedup();
                return path;
            }
            if get(&inside, w) == Some(true) && get(&seen, w) == Some(false) {
                set(&mut seen, w, true);
                set(&mut parent, w, Some(v));
                queue.push_back(w);
            }
        }
    }
    vec![head]
}

fn get<T: Copy>(v: &[T], i: usize) -> Option<T> {
    v.get(i).copied()
}

fn set<T>(v: &mut [T], i: usize, value: T) {
    if let Some(slot) = v.get_mut(i) {
        *slot = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_one_cycle_per_component() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 → 0 (no cycle of its own), 5 ↔ 6 with 6 → 0
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0], vec![6], vec![5, 0]];
        assert_eq!(cycles(&edges), vec![vec![0, 1, 2], vec![3], vec![5, 6]]);
    }

    #[test]
    fn acyclic_graphs_have_none() {
        let edges = vec![vec![1, 2], vec![2], vec![]];
        assert!(cycles(&edges).is_empty());
        assert!(cycles(&[]).is_empty());
    }

    #[test]
    fn picks_a_shortest_way_back() {
        // 0 → 1 → 2 → 3 → 0 and 0 → 3
        let edges = vec![vec![1, 3], vec![2], vec![3], vec![0]];
        assert_eq!(cycles(&edges), vec![vec![0, 3]]);
    }

    #[test]
    fn dense_back_edges_stay_linear() {
        // a chain where every node also points back at the first: one component
        let n = 50_000;
        let edges: Vec<Vec<usize>> =
            (0..n).map(|i| if i + 1 < n { vec![i + 1, 0] } else { vec![0] }).collect();
        let found = cycles(&edges);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0], vec![0]);
    }
}
