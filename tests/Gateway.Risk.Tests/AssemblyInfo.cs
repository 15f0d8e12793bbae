// The allocation test counts this thread's bytes; nothing runs beside it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
