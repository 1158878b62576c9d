use std::process::ExitCode;

/// mimalloc instead of glibc malloc: parsing builds and frees millions of small AST nodes on
/// rayon threads, and the embed service allocates per request on tokio workers; glibc's arenas
/// were a third of validation time (docs/validator.md, docs/embed.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    snowtenant::cli::run()
}
