//! The README's examples run: every `$ eventmap …` line of its console blocks succeeds, and
//! the two set-up commands are the ones this repository supports.

use assert_cmd::Command;

/// Splits a command line like a shell would for these simple examples (double quotes only).
fn split(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

#[test]
fn readme_examples_run() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let mut in_console = false;
    let mut ran = 0;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_console = line == "```console";
            continue;
        }
        let Some(cmd) = line.strip_prefix("$ eventmap ").filter(|_| in_console) else {
            continue;
        };
        let args = split(cmd);
        let out = Command::cargo_bin("eventmap")
            .unwrap()
            .args(&args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README example failed: eventmap {cmd}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    assert!(ran >= 7, "only {ran} README examples found");
}

#[test]
fn readme_names_the_two_commands() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(readme.contains("cargo run --release -- run seeds --out output"));
    assert!(readme.contains("cargo test --release"));
    let ci = std::fs::read_to_string(".ci/run").unwrap();
    assert!(
        ci.contains("cargo test --release"),
        ".ci/run runs the README's test command"
    );
}
