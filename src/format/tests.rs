use super::*;

#[test]
fn probe() {
    let src = include_str!("testdata/spec_example.herald");
    let out = format(src).unwrap();
    println!("{out}");
}
