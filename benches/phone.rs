//! Phone classification throughput: `phone::analyse` on a mixed set of
//! 1,000,000 numbers (every region and type from the metadata, written the
//! ways people write them), single-threaded and on rayon, against the
//! stock `phonenumber` crate on a slice of the same input.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use phonenumber::metadata::DATABASE;
use rayon::prelude::*;
use tenant_audit::phone;

const SIZE: usize = 1_000_000;

/// The crate takes milliseconds per number once its regex cache thrashes,
/// so it runs on a slice.
const STOCK_SIZE: usize = 5_000;

/// Every example number of the metadata with its region.
fn examples() -> Vec<(u16, String, String)> {
    let mut out = Vec::new();
    for meta in DATABASE.iter() {
        let d = meta.descriptors();
        let all = [
            d.fixed_line(),
            d.mobile(),
            d.toll_free(),
            d.voip(),
            d.premium_rate(),
        ];
        for example in all.into_iter().flatten().filter_map(|x| x.example()) {
            out.push((
                meta.country_code(),
                meta.id().to_owned(),
                example.to_owned(),
            ));
        }
    }
    out.sort();
    out
}

/// One cell text and the region a user row would carry.
fn written(i: usize, code: u16, region: &str, nsn: &str) -> (String, Option<String>) {
    let region = Some(region.to_owned());
    match i % 8 {
        0 | 1 => (format!("+{code} {nsn}"), None),
        2 => (format!("+{code}{nsn}"), None),
        3 => (format!("0{nsn}"), region),
        4 => (format!("+{code} 0{nsn}"), None),
        5 => (format!("00{code} {nsn} x{}", i % 1000), None),
        6 => (nsn.to_owned(), region),
        _ => (format!("+{code} {}", nsn.get(1..).unwrap_or("")), None),
    }
}

fn inputs() -> Vec<(String, Option<String>)> {
    let examples = examples();
    // A stride coprime to the count mixes regions the way a tenant does.
    (0..SIZE)
        .map(|i| {
            let (code, region, nsn) = &examples[(i * 7919) % examples.len()];
            written(i, *code, region, nsn)
        })
        .collect()
}

fn stock(text: &str, region: Option<&str>) -> bool {
    let country = region.and_then(|r| r.parse().ok());
    match phonenumber::parse(country, text) {
        Ok(number) => {
            phonenumber::is_valid(&number)
                && number.number_type(&DATABASE) != phonenumber::Type::Unknown
        }
        Err(_) => false,
    }
}

fn bench(c: &mut Criterion) {
    let inputs = inputs();
    let mut group = c.benchmark_group("phone");
    group.sample_size(10);

    group.throughput(Throughput::Elements(SIZE as u64));
    group.bench_function("analyse", |b| {
        b.iter(|| {
            inputs
                .iter()
                .filter(|(t, r)| phone::analyse(t, r.as_deref()).invalid)
                .count()
        })
    });
    group.bench_function("analyse_rayon", |b| {
        b.iter(|| {
            inputs
                .par_iter()
                .filter(|(t, r)| phone::analyse(t, r.as_deref()).invalid)
                .count()
        })
    });

    group.throughput(Throughput::Elements(STOCK_SIZE as u64));
    group.bench_function("stock_crate", |b| {
        b.iter(|| {
            inputs[..STOCK_SIZE]
                .iter()
                .filter(|(t, r)| stock(t, r.as_deref()))
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
