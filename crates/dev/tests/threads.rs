//! `Prepared::score_on`: a score played on several threads is the one thread's, byte for
//! byte, on generated architectures large enough to be shared (64 scenarios per thread
//! at least). On a one-core machine both sides play on
//! one thread; the crate's unit tests force helpers on the examples whatever the cores.

use faultline::Engine;
use faultline::render::json::{Style, to_string};
use faultline_dev::generate::{dense, generate};

#[test]
fn generated_scores_are_the_same_on_every_thread_count() {
    let engine = Engine::default();
    let mut architectures: Vec<_> = [(60, 1), (150, 2), (400, 3)]
        .into_iter()
        .map(|(n, seed)| generate(n, seed))
        .collect();
    architectures.push(dense(200));
    for arch in architectures {
        let p = engine
            .prepare(&arch)
            .expect("a generated description is valid");
        assert!(
            p.scenario_count() >= 2 * 64,
            "{}: {} scenarios",
            arch.name,
            p.scenario_count()
        );
        let one = to_string(&p.score(), Style::Pretty).expect("writes");
        for threads in [2, 3, 16] {
            let many = to_string(&p.score_on(threads), Style::Pretty).expect("writes");
            assert!(many == one, "{}: {threads} threads", arch.name);
        }
    }
}
