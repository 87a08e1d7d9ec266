//! Hand-written cases, one per rule of the module documentation. Each checks the exact
//! text written (and, through `patched`, that it reads back as the changed model).

use super::*;
use crate::model::{
    Changes, DataSpec, Dependency, Failover, Operations, Placement, Replication, Rollout, Trigger,
    Zones,
};
use crate::parse::parse;

fn arch(text: &str, format: Format) -> Architecture {
    parse(text, format)
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
        .architecture
}

/// Patches `text` with what `change` does to its model; checks that the result parses to
/// it and that the hunks cover exactly what differs.
fn patched(text: &str, change: impl FnOnce(&mut Architecture)) -> String {
    let format = Format::detect(None, text);
    let mut a = arch(text, format);
    change(&mut a);
    let p = patch(text, format, &a).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(arch(&p.text, format), a);
    let (mut o, mut n) = (0, 0);
    for h in &p.edits {
        assert_eq!(text.get(o..h.old.start), p.text.get(n..h.new.start));
        o = h.old.end;
        n = h.new.end;
    }
    assert_eq!(text.get(o..), p.text.get(n..));
    p.text
}

fn refused(text: &str, change: impl FnOnce(&mut Architecture)) -> Error {
    let format = Format::detect(None, text);
    let mut a = arch(text, format);
    change(&mut a);
    patch(text, format, &a).expect_err("refused")
}

/// A `patch-unsupported` error of kind `Write` whose one diagnostic has `line`.
fn assert_unsupported(e: &Error, line: u32) {
    assert_eq!(e.code(), Code::PatchUnsupported, "{e}");
    assert_eq!(e.kind(), crate::ErrorKind::Write, "{e}");
    assert_eq!(e.diagnostics().len(), 1, "{e:?}");
    assert_eq!(e.diagnostics()[0].line, Some(line), "{e:?}");
    assert!(e.diagnostics()[0].help.is_some(), "{e:?}");
}

fn comp(a: &mut Architecture, id: &str) -> usize {
    a.components
        .iter()
        .position(|c| c.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

const BLOCK: &str = "\
# top comment
version: 1
name: shop   # the name

components:
  - id: web   # the web tier
    kind: compute
    provider: aws
    regions:
      - us-east-1
    depends_on:
      - db
  # the database
  - id: db
    kind: database
    provider: aws
    regions: [us-east-1]
    data:
      replication: none   # one region
      backups: same-region
journeys:
  - name: buy
    entry: [web]
";

#[test]
fn an_unchanged_model_leaves_the_text_alone() {
    let a = arch(BLOCK, Format::Yaml);
    let p = patch(BLOCK, Format::Yaml, &a).unwrap();
    assert_eq!(p.text, BLOCK);
    assert!(p.edits.is_empty());
}

#[test]
fn a_scalar_changes_in_place_and_its_comment_keeps_its_column() {
    let t = patched(BLOCK, |a| a.name = "store".into());
    assert_eq!(t, BLOCK.replace("name: shop   #", "name: store  #"));
    let t = patched(BLOCK, |a| {
        let i = comp(a, "db");
        a.components[i].data.as_mut().unwrap().replication = Some(Replication::Async);
    });
    assert_eq!(
        t,
        BLOCK.replace("replication: none   #", "replication: async  #")
    );
}

#[test]
fn a_new_key_goes_into_a_block_mapping_in_field_order() {
    let t = patched(BLOCK, |a| {
        let i = comp(a, "web");
        a.components[i].replicas = Some(3);
        a.components[i].headroom_percent = Some(50.0);
    });
    assert_eq!(
        t,
        BLOCK.replace(
            "      - us-east-1\n    depends_on:",
            "      - us-east-1\n    headroom_percent: 50\n    replicas: 3\n    depends_on:"
        )
    );
}

#[test]
fn a_new_key_goes_into_a_flow_mapping_inside_the_braces() {
    let text =
        "version: 1\nname: t\ncomponents:\n  - { id: a, kind: compute, provider: aws }  # one\n";
    let t = patched(text, |a| a.components[0].replicas = Some(2));
    assert_eq!(
        t,
        "version: 1\nname: t\ncomponents:\n  - { id: a, kind: compute, provider: aws, replicas: 2 }  # one\n"
    );
    // An unpadded flow mapping stays unpadded.
    let text = "version: 1\nname: t\ncomponents:\n  - {id: a, kind: compute, provider: aws}\n";
    let t = patched(text, |a| a.components[0].service = Some("ec2".into()));
    assert_eq!(
        t,
        "version: 1\nname: t\ncomponents:\n  - {id: a, kind: compute, provider: aws, service: ec2}\n"
    );
}

#[test]
fn new_items_go_into_block_and_flow_sequences() {
    let t = patched(BLOCK, |a| {
        let i = comp(a, "web");
        a.components[i].depends_on.push(Dependency::Component {
            id: "db".into(),
            hard: false,
        });
        a.journeys[0].entry.push(Dependency::Component {
            id: "db".into(),
            hard: true,
        });
    });
    assert_eq!(
        t,
        BLOCK
            .replace(
                "      - db\n",
                "      - db\n      - { id: db, hard: false }\n"
            )
            .replace("entry: [web]", "entry: [web, db]")
    );
}

#[test]
fn a_sequence_under_a_key_at_its_column_keeps_that_column() {
    let text = "version: 1\nname: t\ncomponents:\n- id: a\n  kind: compute\n  provider: aws\n  agents:\n  - x\n";
    let t = patched(text, |a| a.components[0].agents.push("z".into()));
    assert_eq!(t, format!("{text}  - z\n"));
    // `y` is a boolean to a YAML 1.1 reader: quoted.
    let t = patched(text, |a| a.components[0].agents.push("y".into()));
    assert_eq!(t, format!("{text}  - \"y\"\n"));
}

#[test]
fn an_item_added_after_a_commented_last_flow_item_leaves_the_comment_on_its_item() {
    let head = "version: 1\nname: t\ncomponents:\n  - id: a\n    kind: compute\n    provider: aws\n    agents: [\n";
    // With a trailing comma: the new item on a line of its own, with one too.
    let text = format!("{head}      x,    # the old one\n    ]\n");
    let t = patched(&text, |a| a.components[0].agents.push("z".into()));
    assert_eq!(
        t,
        format!("{head}      x,    # the old one\n      z,\n    ]\n")
    );
    // Without: the comma goes before the comment, the new item without one.
    let text = format!("{head}      x  # the old one\n    ]\n");
    let t = patched(&text, |a| a.components[0].agents.push("z".into()));
    assert_eq!(
        t,
        format!("{head}      x,  # the old one\n      z\n    ]\n")
    );
}

#[test]
fn a_bare_region_becomes_a_mapping_in_the_surrounding_style() {
    let t = patched(BLOCK, |a| {
        let i = comp(a, "web");
        a.components[i].regions[0].zones = Zones::Count(3);
        let j = comp(a, "db");
        a.components[j].regions[0].zones = Zones::Count(2);
    });
    assert_eq!(
        t,
        BLOCK
            .replace(
                "      - us-east-1\n",
                "      - { name: us-east-1, zones: 3 }\n"
            )
            .replace(
                "regions: [us-east-1]",
                "regions: [{ name: us-east-1, zones: 2 }]"
            )
    );
}

#[test]
fn a_bare_dependency_becomes_soft() {
    let t = patched(BLOCK, |a| {
        let i = comp(a, "web");
        a.components[i].depends_on[0] = Dependency::Component {
            id: "db".into(),
            hard: false,
        };
    });
    assert_eq!(
        t,
        BLOCK.replace("      - db\n", "      - { id: db, hard: false }\n")
    );
}

/// A dependency written out in block style, with comments beside and inside it.
const BLOCK_DEP: &str = "\
version: 1
name: t
components:
  - id: web
    kind: compute
    provider: aws
    depends_on:
      - id: db   # the orders database
        # owner: team-data
        hard: true
  - { id: db, kind: database, provider: aws }
";

/// `db`'s dependency of `web` in a group with `db-2`, hard or soft.
fn any_of_db(a: &mut Architecture, hard: bool) {
    let i = comp(a, "web");
    a.components[i].depends_on[0] = Dependency::AnyOf {
        any_of: vec![
            Dependency::Component {
                id: "db".into(),
                hard: true,
            },
            Dependency::Component {
                id: "db-2".into(),
                hard: true,
            },
        ],
        failover: None,
        hard,
        shares_percent: None,
    };
}

#[test]
fn a_written_out_dependency_becomes_soft_by_its_value_alone() {
    let t = patched(BLOCK_DEP, |a| {
        let i = comp(a, "web");
        a.components[i].depends_on[0] = Dependency::Component {
            id: "db".into(),
            hard: false,
        };
    });
    assert_eq!(t, BLOCK_DEP.replace("hard: true", "hard: false"));
}

#[test]
fn a_written_out_dependency_put_in_a_group_keeps_its_comments() {
    let t = patched(BLOCK_DEP, |a| any_of_db(a, true));
    assert_eq!(
        t,
        BLOCK_DEP.replace(
            "      - id: db   # the orders database\n        # owner: team-data\n        hard: true\n",
            "      - any_of: [db, db-2]  # the orders database\n        # owner: team-data\n"
        )
    );
}

#[test]
fn a_soft_block_dependency_is_put_in_a_group_as_a_flow_one_is() {
    let flow = BLOCK_DEP.replace(
        "      - id: db   # the orders database\n        # owner: team-data\n        hard: true\n",
        "      - { id: db, hard: false }\n",
    );
    let t = patched(&flow, |a| any_of_db(a, false));
    assert_eq!(
        t,
        flow.replace("- { id: db, hard", "- { any_of: [db, db-2], hard")
    );
    let block = BLOCK_DEP.replace("hard: true", "hard: false");
    let t = patched(&block, |a| any_of_db(a, false));
    assert_eq!(t, block.replace("- id: db   #", "- any_of: [db, db-2]  #"));
    let bare = block.replace("   # the orders database\n        # owner: team-data", "");
    let t = patched(&bare, |a| any_of_db(a, false));
    assert_eq!(t, bare.replace("- id: db\n", "- any_of: [db, db-2]\n"));
}

#[test]
fn a_group_written_over_lines_keeps_the_comment_on_its_first_line() {
    // A block `any_of` next to it: the new group is written in block style too.
    let hard = BLOCK_DEP.replace(
        "        hard: true\n",
        "        hard: true\n      - any_of:\n          - db\n          - db-3\n",
    );
    let grouped = "      - any_of:  # the orders database\n          - db\n          - db-2\n        # owner: team-data\n";
    let t = patched(&hard, |a| any_of_db(a, true));
    assert_eq!(
        t,
        hard.replace(
            "      - id: db   # the orders database\n        # owner: team-data\n        hard: true\n",
            grouped
        )
    );
    let soft = hard.replace("hard: true", "hard: false");
    let t = patched(&soft, |a| any_of_db(a, false));
    assert_eq!(
        t,
        soft.replace(
            "      - id: db   # the orders database\n        # owner: team-data\n",
            grouped
        )
    );
}

#[test]
fn removals_take_whole_lines_and_keep_comments() {
    let t = patched(BLOCK, |a| {
        let i = comp(a, "db");
        a.components[i].data.as_mut().unwrap().replication = None;
    });
    assert_eq!(
        t,
        BLOCK.replace(
            "      replication: none   # one region\n",
            "      # one region\n"
        )
    );
    let t = patched(BLOCK, |a| {
        let i = comp(a, "web");
        a.components[i].depends_on.clear();
    });
    assert_eq!(t, BLOCK.replace("    depends_on:\n      - db\n", ""));
}

#[test]
fn the_last_item_of_a_sequence_is_removed_without_a_stray_comma_or_line() {
    let text = "version: 1\nname: t\ncomponents:\n  - id: a\n    kind: compute\n    provider: aws\n    agents: [x, y]\n    depends_on:\n      - b\n      - c\n  - { id: b, kind: compute, provider: aws }\n  - { id: c, kind: compute, provider: aws }\n";
    let t = patched(text, |a| {
        a.components[0].agents.pop();
        a.components[0].depends_on.pop();
    });
    assert_eq!(t, text.replace("[x, y]", "[x]").replace("      - c\n", ""));
    // The first item of a flow sequence goes with the separator after it.
    let t = patched(text, |a| {
        a.components[0].agents.remove(0);
    });
    assert_eq!(t, text.replace("[x, y]", "[y]"));
    // A journey's only entry: the list stays, empty.
    let text = "version: 1\nname: t\ncomponents:\n  - { id: a, kind: compute, provider: aws }\njourneys:\n  - name: j\n    entry:\n      - a\n";
    let t = patched(text, |a| a.journeys[0].entry.clear());
    assert_eq!(t, text.replace("entry:\n      - a", "entry: []"));
}

#[test]
fn entries_of_a_flow_mapping_are_removed_with_their_separator() {
    let text = "version: 1\nname: t\ncomponents:\n  - { id: a, kind: database, provider: aws, data: { replication: none, backups: none, restore_minutes: 60 } }\n";
    let t = patched(text, |a| {
        let d = a.components[0].data.as_mut().unwrap();
        d.backups = None;
        d.restore_minutes = None;
    });
    assert_eq!(t, text.replace(", backups: none, restore_minutes: 60", ""));
    let t = patched(text, |a| {
        a.components[0].data.as_mut().unwrap().replication = None;
    });
    assert_eq!(t, text.replace("replication: none, ", ""));
}

#[test]
fn empty_flow_collections_are_filled() {
    let text = "version: 1\nname: t\ntargets: {}\ncomponents:\n  - { id: a, kind: compute, provider: aws, agents: [] }\n";
    let t = patched(text, |a| {
        a.components[0].agents.push("falcon".into());
        a.targets.rto_minutes = Some(60.0);
    });
    assert_eq!(
        t,
        text.replace("agents: []", "agents: [falcon]")
            .replace("targets: {}", "targets: { rto_minutes: 60 }")
    );
}

#[test]
fn a_missing_parent_is_inserted_with_its_children() {
    let t = patched(BLOCK, |a| {
        a.operations = Operations {
            monitoring: None,
            changes: Changes {
                rollout: Some(Rollout::Staged),
                automated_rollback: Some(true),
                ai_assisted: None,
            },
        };
        let i = comp(a, "web");
        a.components[i].failover = Some(Failover {
            trigger: Some(Trigger::Automatic),
            via: None,
            detect_minutes: Some(3.0),
            switch_minutes: None,
            needs_control_plane: None,
            ..Failover::default()
        });
    });
    assert_eq!(
        t,
        BLOCK
            .replace(
                "      - us-east-1\n    depends_on:",
                "      - us-east-1\n    failover:\n      trigger: automatic\n      detect_minutes: 3\n    depends_on:"
            )
            .replace(
                "    entry: [web]\n",
                "    entry: [web]\noperations:\n  changes:\n    rollout: staged\n    automated_rollback: true\n"
            )
    );
}

#[test]
fn a_new_component_is_written_like_its_siblings() {
    let t = patched(BLOCK, |a| {
        let mut c = crate::model::Component::new("cache", crate::model::Kind::Cache, "aws");
        c.regions = vec![Placement {
            name: "us-east-1".into(),
            zones: Zones::Count(2),
        }];
        c.data = Some(DataSpec::default());
        a.components.push(c);
    });
    assert_eq!(
        t,
        BLOCK.replace(
            "      backups: same-region\n",
            "      backups: same-region\n  - id: cache\n    kind: cache\n    provider: aws\n    regions:\n      - { name: us-east-1, zones: 2 }\n    data: {}\n"
        )
    );
}

#[test]
fn crlf_and_a_byte_order_mark_are_kept() {
    let text = format!("\u{feff}{}", BLOCK.replace('\n', "\r\n"));
    let t = patched(&text, |a| {
        let i = comp(a, "web");
        a.components[i].replicas = Some(2);
        a.operations.changes.rollout = Some(Rollout::Staged);
    });
    assert!(t.starts_with('\u{feff}'));
    assert_eq!(t.matches('\n').count(), t.matches("\r\n").count());
    assert!(t.contains("\r\n    replicas: 2\r\n"));
    assert!(t.ends_with("\r\noperations:\r\n  changes:\r\n    rollout: staged\r\n"));
}

#[test]
fn quoting_styles_are_kept_and_new_strings_quoted_when_needed() {
    let text = "version: 1\nname: 'shop'\ndescription: \"the shop\"\ncomponents:\n  - { id: a, kind: compute, provider: aws }\n";
    let t = patched(text, |a| {
        a.name = "it's".into();
        a.description = Some("yes".into());
        a.components[0].service = Some("1.5".into());
    });
    assert_eq!(
        t,
        "version: 1\nname: 'it''s'\ndescription: \"yes\"\ncomponents:\n  - { id: a, kind: compute, provider: aws, service: \"1.5\" }\n"
    );
    let t = patched(text, |a| a.components[0].service = Some("a, b".into()));
    assert!(t.contains("service: \"a, b\" }"), "{t}");
}

#[test]
fn numbers_keep_their_format() {
    let text = "version: 1\nname: t\ntargets: { availability: 99.9, rto_minutes: 60, rpo_minutes: 15.0 }\ncomponents:\n  - { id: a, kind: compute, provider: aws }\n";
    let t = patched(text, |a| {
        a.targets.rto_minutes = Some(30.0);
        a.targets.rpo_minutes = Some(5.0);
        a.targets.availability = Some(99.95);
    });
    assert_eq!(
        t,
        text.replace("99.9,", "99.95,")
            .replace("60,", "30,")
            .replace("15.0", "5.0")
    );
}

#[test]
fn an_empty_value_gets_its_value_after_the_colon() {
    let text = "version: 1\nname: t\ncomponents:\n  - id: a\n    kind: compute\n    provider: aws\n    service:\n";
    let t = patched(text, |a| a.components[0].service = Some("ec2".into()));
    assert_eq!(t, text.replace("service:\n", "service: ec2\n"));
}

#[test]
fn a_block_scalar_is_replaced_whole() {
    let text = "version: 1\nname: t\ndescription: |\n  two\n  lines\ncomponents:\n  - { id: a, kind: compute, provider: aws }\n";
    let t = patched(text, |a| a.description = Some("one line".into()));
    assert_eq!(t, text.replace("|\n  two\n  lines", "one line"));
}

#[test]
fn the_first_key_of_a_list_item_can_go() {
    let text = "version: 1\nname: t\ncomponents:\n  - { id: a, kind: compute, provider: aws }\njourneys:\n  - description: old\n    name: j\n    entry: [a]\n";
    let t = patched(text, |a| a.journeys[0].description = None);
    assert_eq!(t, text.replace("description: old\n    ", ""));
}

#[test]
fn document_markers_stay() {
    let text = "%YAML 1.2\n---\nversion: 1\nname: t\ncomponents:\n  - { id: a, kind: compute, provider: aws }\n...\n# after\n";
    let t = patched(text, |a| a.description = Some("d".into()));
    assert_eq!(t, text.replace("name: t\n", "name: t\ndescription: d\n"));
    let t = patched(text, |a| {
        a.operations.changes.automated_rollback = Some(true)
    });
    assert_eq!(
        t,
        text.replace(
            "provider: aws }\n",
            "provider: aws }\noperations:\n  changes:\n    automated_rollback: true\n"
        )
    );
}

#[test]
fn a_file_without_a_final_line_break_gets_none() {
    let text = "version: 1\nname: t\ncomponents:\n  - id: a\n    kind: compute\n    provider: aws";
    let t = patched(text, |a| a.components[0].replicas = Some(2));
    assert_eq!(t, format!("{text}\n    replicas: 2"));
}

const ANCHORED: &str = "\
version: 1
name: t
components:
  - id: a
    kind: compute
    provider: aws
    regions: &two [us-east-1, us-west-2]
  - id: b
    kind: compute
    provider: aws
    regions: *two
";

#[test]
fn anchors_refuse_changes_inside_them_and_aliases_are_expanded_where_they_change() {
    // Inside the anchored value: every alias would change too.
    let e = refused(ANCHORED, |a| {
        a.components[0].regions[0].zones = Zones::Count(2)
    });
    assert_unsupported(&e, 7);
    assert!(e.message().contains("anchor"), "{e}");
    // The alias itself: replaced by the new value, the anchor untouched.
    let t = patched(ANCHORED, |a| {
        a.components[1].regions.pop();
    });
    assert_eq!(t, ANCHORED.replace("regions: *two", "regions: [us-east-1]"));
    // Elsewhere: unaffected.
    let t = patched(ANCHORED, |a| a.components[1].replicas = Some(2));
    assert_eq!(t, format!("{ANCHORED}    replicas: 2\n"));
}

#[test]
fn json_keeps_its_layout_and_inserts_with_its_indentation() {
    let text = "{\r\n    \"version\": 1,\r\n    \"name\": \"t\",\r\n    \"components\": [\r\n        {\r\n            \"id\": \"a\",\r\n            \"kind\": \"compute\",\r\n            \"provider\": \"aws\",\r\n            \"regions\": [\"us-east-1\"]\r\n        }\r\n    ]\r\n}\r\n";
    let t = patched(text, |a| {
        a.components[0].regions[0].zones = Zones::Count(3);
        a.components[0].depends_on.push(Dependency::Component {
            id: "a".into(),
            hard: false,
        });
        a.name = "shop".into();
    });
    assert_eq!(
        t,
        text.replace("\"t\"", "\"shop\"").replace(
            "\"regions\": [\"us-east-1\"]\r\n",
            "\"regions\": [{\"name\": \"us-east-1\", \"zones\": 3}],\r\n            \"depends_on\": [\r\n                {\"id\": \"a\", \"hard\": false}\r\n            ]\r\n"
        )
    );
    // Removing the last key removes the comma before it.
    let t = patched(&t, |a| a.components[0].depends_on.clear());
    assert!(t.contains("\"zones\": 3}]\r\n        }"), "{t}");
}

#[test]
fn json_on_one_line_stays_on_one_line() {
    let text = "{\"version\":1,\"name\":\"t\",\"components\":[{\"id\":\"a\",\"kind\":\"compute\",\"provider\":\"aws\"}]}";
    let t = patched(text, |a| {
        a.components[0].replicas = Some(2);
        a.components[0].agents = vec!["x".into()];
    });
    assert_eq!(
        t,
        "{\"version\":1,\"name\":\"t\",\"components\":[{\"id\":\"a\",\"kind\":\"compute\",\"provider\":\"aws\",\"replicas\":2,\"agents\":[\"x\"]}]}"
    );
}

#[test]
fn merge_keys_allow_overrides_and_refuse_removals() {
    let text = "version: 1\nname: t\ncomponents:\n  - &base { id: a, kind: compute, provider: aws, replicas: 2 }\n  - <<: *base\n    id: b\n";
    let t = patched(text, |a| a.components[1].replicas = Some(3));
    assert_eq!(
        t,
        text.replace("    id: b\n", "    id: b\n    replicas: 3\n")
    );
    let e = refused(text, |a| a.components[1].replicas = None);
    assert_unsupported(&e, 5);
}

#[test]
fn an_invalid_original_is_a_parse_error() {
    let a = arch(BLOCK, Format::Yaml);
    // The reading error of the text itself, as parsing gives it.
    for bad in ["version: [", "version: 1\nname: x\ncomponents: [\n"] {
        let e = patch(bad, Format::Yaml, &a).unwrap_err();
        assert_eq!(e, parse(bad, Format::Yaml).unwrap_err());
    }
}

#[test]
fn a_wrong_result_is_caught_by_the_check() {
    let a = arch(BLOCK, Format::Yaml);
    let mut b = a.clone();
    b.name = "other".into();
    assert!(first_difference(&a, &b).contains("/name"));
    let edits = [
        Edit {
            start: 0,
            end: 5,
            text: String::new(),
        },
        Edit {
            start: 3,
            end: 4,
            text: String::new(),
        },
    ];
    assert_unsupported(&apply(BLOCK, &edits).unwrap_err(), 1);
}

/// Every edit of a damaged example either fails cleanly or is right: never a panic.
#[test]
fn damaged_texts_never_panic() {
    let yaml = include_str!("../../examples/01-startup-single-az.yaml");
    let mut after = arch(yaml, Format::Yaml);
    let json = crate::write::to_text(&after, Format::Json).unwrap();
    after.components[2].regions[0].zones = Zones::Count(3);
    after.components[1].depends_on.clear();
    after.operations.changes.rollout = Some(Rollout::Staged);
    let mut ok = 0;
    for (text, format, stride) in [(yaml, Format::Yaml, 89), (json.as_str(), Format::Json, 61)] {
        for i in (0..text.len()).step_by(stride) {
            for cut in [1, 4] {
                let (Some(head), Some(tail)) = (text.get(..i), text.get(i + cut..)) else {
                    continue;
                };
                for glue in ["", "\n", "- ", "#", "{"] {
                    let damaged = format!("{head}{glue}{tail}");
                    if let Ok(p) = patch(&damaged, format, &after) {
                        assert_eq!(arch(&p.text, format), after);
                        ok += 1;
                    }
                }
            }
        }
    }
    assert!(ok > 100, "only {ok} damaged texts patched");
}

#[test]
fn limits_apply_to_both_readings() {
    let mut a = arch(BLOCK, Format::Yaml);
    a.name = "store".into();
    let small = Limits {
        max_input_bytes: 100,
        ..Limits::default()
    };
    let e = patch_with_limits(BLOCK, Format::Yaml, &a, &small).unwrap_err();
    assert_eq!(e.code(), Code::InputTooLarge);
    let p = patch_with_limits(BLOCK, Format::Yaml, &a, &Limits::default()).unwrap();
    assert!(p.text.contains("name: store"));
}

#[test]
fn failures_are_the_crate_error_with_their_codes() {
    let e = failed("at `/name`");
    assert_eq!(
        (e.kind(), e.code()),
        (crate::ErrorKind::Write, Code::PatchFailed)
    );
    assert!(e.message().contains("at `/name`") && e.message().contains("nothing was written"));
    assert_eq!(e.diagnostics()[0].code, Code::PatchFailed);
    let e = unsupported(3, "why");
    assert_unsupported(&e, 3);
    assert!(e.message().ends_with("why"), "{e}");
    assert_eq!(Code::PatchUnsupported.stage(), "write");
}

#[test]
fn a_removed_json_key_on_its_own_line_takes_only_that_line() {
    let text = "{\n  \"version\": 1,\n  \"name\": \"t\",\n  \"components\": [\n    {\n      \"id\": \"a\",\n      \"kind\": \"compute\",\n      \"provider\": \"aws\",\n      \"description\": \"d\",\n      \"replicas\": 2\n    }\n  ]\n}\n";
    let format = Format::Json;
    let mut a = arch(text, format);
    a.components[0].description = None;
    let p = patch(text, format, &a).unwrap();
    assert_eq!(p.text, text.replace("      \"description\": \"d\",\n", ""));
    assert_eq!(p.edits.len(), 1);
    assert_eq!(
        (p.edits[0].old_lines.clone(), p.edits[0].new_lines.clone()),
        (9..10, 9..9)
    );
    // A key sharing its line with the one before: removed up to the next key, and the
    // next key, on a line of its own, is removed without overlapping that edit.
    let text = "{\"version\": 1, \"name\": \"t\", \"components\": [\n  {\"id\": \"a\", \"description\": \"d\",\n   \"service\": \"ec2\",\n   \"kind\": \"compute\", \"provider\": \"aws\"}\n]}\n";
    let t = patched(text, |a| {
        a.components[0].description = None;
        a.components[0].service = None;
    });
    assert_eq!(
        t,
        "{\"version\": 1, \"name\": \"t\", \"components\": [\n  {\"id\": \"a\", \"kind\": \"compute\", \"provider\": \"aws\"}\n]}\n"
    );
}
