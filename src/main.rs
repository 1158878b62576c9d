use std::process::ExitCode;

/// mimalloc instead of glibc malloc: parsing builds and frees millions of small AST nodes on
/// rayon threads, and the embed service allocates per request on tokio workers; glibc's arenas
/// were a third of validation time (docs/validator.md, docs/embed.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Stack of the thread that runs the command, and of each rayon worker. sqlparser builds a
/// `UNION ALL` of n branches as a tree n deep, and cloning, walking or dropping it recurses that
/// deep: the cross-tenant view of a 30,000-tenant spec (3,000 branches) overflowed the 8 MB main
/// stack. The memory is reserved, not committed: only the pages a deep tree touches are used.
const STACK_BYTES: usize = 256 << 20;

fn main() -> ExitCode {
    // Only fails when a pool already exists, which cannot happen this early; the default pool
    // would still work, with smaller stacks.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(STACK_BYTES)
        .build_global();
    match std::thread::Builder::new()
        .name("snowtenant".into())
        .stack_size(STACK_BYTES)
        .spawn(snowtenant::cli::run)
    {
        Ok(command) => command
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        // No thread to be had (a tight ulimit): run here, with the main thread's stack.
        Err(_) => snowtenant::cli::run(),
    }
}
