//! The GitHub Action (issue 19, item 5) and the pre-commit hooks (item 6), run locally: the
//! composite's steps are scripts, run here in a scratch git repository with a base and a
//! head commit, with a stand-in for the GitHub CLI.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{scratch, validate};

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(crate::root().join(path)).expect("readable");
    serde_saphyr::from_str(&text).expect("YAML")
}

fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_owned()
}

fn script(name: &str) -> PathBuf {
    crate::root().join("crates/cli/action").join(name)
}

#[test]
fn the_action_runs_the_scripts_it_ships() {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().expect("steps");
    let mut scripts = 0;
    for step in steps {
        if let Some(run) = step["run"].as_str()
            && let Some(at) = run.find("$GITHUB_ACTION_PATH/")
        {
            let rest = &run[at + "$GITHUB_ACTION_PATH/".len()..];
            let path: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '"')
                .collect();
            assert!(
                crate::root().join(&path).is_file(),
                "action.yml runs {path}, which is missing"
            );
            scripts += 1;
        }
    }
    assert_eq!(scripts, 3);
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
    }));
    for input in [
        "files",
        "overlay",
        "version",
        "min-score",
        "fail-on",
        "baseline",
        "sarif",
        "comment",
    ] {
        assert!(action["inputs"][input].is_object(), "input {input}");
    }
    // The repository's workflow uses it.
    let wf =
        std::fs::read_to_string(crate::root().join(".github/workflows/faultline.yml")).unwrap();
    assert!(wf.contains("uses: ./"));
}

#[test]
fn the_action_scores_compares_and_comments_in_a_pull_request() {
    let dir = scratch("action");
    let repo = dir.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    let example =
        std::fs::read_to_string(crate::root().join("examples/02-saas-multi-az.yaml")).unwrap();
    std::fs::write(repo.join("shop.faultline.yaml"), &example).unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-qm", "base"]);
    let base = git(&repo, &["rev-parse", "HEAD"]);
    // The pull request moves `web` into one zone.
    let mut lines: Vec<String> = example.lines().map(str::to_owned).collect();
    let web = lines.iter().position(|l| l.trim() == "- id: web").unwrap();
    let at = (web..lines.len())
        .find(|&i| lines[i].contains("zones: [use1-az1, use1-az4, use1-az6]"))
        .unwrap();
    lines[at] = lines[at].replace("[use1-az1, use1-az4, use1-az6]", "[use1-az4]");
    std::fs::write(repo.join("shop.faultline.yaml"), lines.join("\n") + "\n").unwrap();
    git(&repo, &["commit", "-qam", "one zone for web"]);

    let out = dir.join("out");
    let gh_output = dir.join("github_output");
    let summary = dir.join("summary.md");
    let o = Command::new("bash")
        .arg(script("run.sh"))
        .current_dir(&repo)
        .env("INPUT_FILES", "shop.faultline.yaml\n")
        .env("INPUT_FAIL_ON", "new-spof")
        .env("BASE_SHA", &base)
        .env("FAULTLINE_BIN", env!("CARGO_BIN_EXE_faultline"))
        .env("FAULTLINE_OUT", &out)
        .env("GITHUB_OUTPUT", &gh_output)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "{said}");
    let outputs = std::fs::read_to_string(&gh_output).unwrap();
    assert!(
        outputs.contains("exit-code=4"),
        "the new SPOF fails the gate: {outputs}\n{said}"
    );
    assert!(outputs.contains(&format!("sarif-dir={}", out.join("sarif").display())));
    let sarif = out.join("sarif/1.sarif");
    let log: Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    assert!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
            > 1
    );
    let schema = crate::root().join("crates/cli/tests/fixtures/sarif-2.1.0-rtm.5.json");
    validate(&["json", schema.to_str().unwrap()], &[sarif]);
    let comment = std::fs::read_to_string(out.join("comment.md")).unwrap();
    assert!(
        comment.starts_with("<!-- faultline-action -->\n## faultline: shop.faultline.yaml"),
        "{comment}"
    );
    assert!(
        comment.contains("New single points of failure") && comment.contains("add-zones"),
        "{comment}"
    );
    assert!(
        std::fs::read_to_string(&summary)
            .unwrap()
            .contains("## faultline: shopfront scores")
    );

    // The comment step, with a stand-in `gh` that logs its calls: an existing comment with
    // the marker is updated in place; without one, a comment is created.
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log_file = dir.join("gh.log");
    let gh = bin.join("gh");
    std::fs::write(
        &gh,
        format!(
            "#!/usr/bin/env bash\necho \"$*\" >> {}\nif [ \"$2\" = --paginate ]; then cat {}; fi\n",
            log_file.display(),
            dir.join("existing").display()
        ),
    )
    .unwrap();
    Command::new("chmod").arg("+x").arg(&gh).status().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (existing, want) in [
        ("1234\n", "--method PATCH repos/o/r/issues/comments/1234"),
        ("", "--method POST repos/o/r/issues/7/comments"),
    ] {
        std::fs::write(dir.join("existing"), existing).unwrap();
        let _ = std::fs::remove_file(&log_file);
        let o = Command::new("bash")
            .arg(script("comment.sh"))
            .arg(out.join("comment.md"))
            .env("PATH", &path)
            .env("REPO", "o/r")
            .env("PR", "7")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let calls = std::fs::read_to_string(&log_file).unwrap();
        assert!(
            calls.contains("api --paginate repos/o/r/issues/7/comments"),
            "{calls}"
        );
        assert!(
            calls.contains(want)
                && calls.contains(&format!("body=@{}", out.join("comment.md").display())),
            "{calls}"
        );
    }
}

#[test]
fn the_pre_commit_hooks_check_descriptions() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_array().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["faultline-check", "faultline-check-system"]);
    for h in hooks {
        assert_eq!(h["files"], "\\.faultline\\.(ya?ml|json)$");
    }
    let entry = hooks[0]["entry"].as_str().unwrap();
    assert!(crate::root().join(entry).is_file());
    let dir = scratch("pre-commit");
    let good = dir.join("shop.faultline.yaml");
    std::fs::copy(
        crate::root().join("examples/03-multi-region-active-passive.yaml"),
        &good,
    )
    .unwrap();
    let bad = dir.join("broken.faultline.yaml");
    std::fs::write(&bad, "version: 1\nname: x\ncomponents:\n  - { id: a, kind: compute, provider: aws, depnds_on: [] }\n").unwrap();
    let run = |files: &[&Path]| {
        Command::new("bash")
            .arg(crate::root().join(entry))
            .args(files)
            .env("FAULTLINE_BIN", env!("CARGO_BIN_EXE_faultline"))
            .output()
            .unwrap()
    };
    let o = run(&[&good]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&[&good, &bad]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("broken.faultline.yaml:4") && err.contains("depends_on"),
        "{err}"
    );
}
