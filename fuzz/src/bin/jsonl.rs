fn main() {
    eventmap_fuzz::init();
    afl::fuzz!(|data: &[u8]| eventmap_fuzz::jsonl(data));
}
