//! Build time for generated specs of 100, 1,000 and 10,000 tenants (validation included).
//! Run: `cargo bench --bench build`. Figures are recorded in docs/performance.md.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use snowtenant::diag::SourceFile;

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    for tenants in [100usize, 1_000, 10_000] {
        let source = SourceFile::new("generated.yaml", snowtenant::spec::generate(tenants));
        group.throughput(Throughput::Elements(tenants as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(tenants),
            &source,
            |b, source| {
                b.iter(|| snowtenant::build::compile(source).expect("generated specs are valid"))
            },
        );
    }
    group.finish();
}

criterion_group!(benches, build);
criterion_main!(benches);
