/* The consumer's output: each committed clause's records in DTrace's
 * layouts (the CPU/ID/FUNCTION:NAME prefix, trace() columns, printf), and
 * at the end the per-CPU aggregation tables merged and printed, and drops
 * reported. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "probevm/agg.h"
#include "runtime/aggprint.h"
#include "runtime/rt.h"

static void trace_int(rt_session *s, const uint8_t *p, uint16_t id)
{
	int size = id & 0xff, sign = !!(id & PVM_SIGNED);
	int64_t v;

	memcpy(&v, p, 8);
	if (s->opts.quiet) {
		fprintf(s->out, sign ? "%" PRId64 : "%" PRIu64, v);
		return;
	}
	switch (size) {
	case 8: fprintf(s->out, sign ? " %19" PRId64 : " %20" PRIu64, v); break;
	case 4: fprintf(s->out, sign ? " %10d" : " %10u", (int32_t)v); break;
	case 2: fprintf(s->out, sign ? " %5hd" : " %5hu", (int16_t)v); break;
	default: fprintf(s->out, sign ? " %3hhd" : " %3hhu", (int8_t)v); break;
	}
}

static void printf_rec(rt_session *s, const uint8_t *p, uint32_t size, uint16_t id)
{
	const dtr_fmt *f = &s->prog->fmts[id];
	dfmt_val vals[PVM_MAX_TUPLE];
	uint32_t off = 0;

	for (int i = 0; i < f->nargs; i++) {
		vals[i].s = NULL;
		vals[i].i = 0;
		if (f->args[i].kind == DT_STRING) {
			vals[i].s = (const char *)p + off;
			off += (uint32_t)strnlen(vals[i].s, size - off) + 1;
		} else if (off + 8 <= size) {
			memcpy(&vals[i].i, p + off, 8);
			off += 8;
		}
	}
	dfmt_print(s->out, &f->f, f->args, vals, f->nargs);
}

void rt_print_records(rt_session *s, const rt_enabling *e, const pvm_ctx *ctx, uint32_t cpu,
		      const uint8_t *rec, size_t len)
{
	const dtr_clause *cl = &s->prog->clauses[e->clause];
	int prefix = !s->opts.quiet && cl->records;

	if (prefix) {
		const prov_probe *p = prov_get(e->probe);
		char name[256];
		if (!s->header_done) {
			fprintf(s->out, "%3s %6s %32s\n", "CPU", "ID", "FUNCTION:NAME");
			s->header_done = 1;
		}
		snprintf(name, sizeof(name), "%s:%s", p->func, p->name);
		fprintf(s->out, "%3u %6u %32s ", cpu, e->probe, name);
	}
	(void)ctx;
	for (size_t off = 0; off + sizeof(pvm_rechdr) <= len;) {
		const pvm_rechdr *h = (const pvm_rechdr *)(rec + off);
		const uint8_t *p = (const uint8_t *)(h + 1);
		switch (h->kind) {
		case PVM_REC_TRACE_INT:
			trace_int(s, p, h->id);
			break;
		case PVM_REC_TRACE_STR:
			fprintf(s->out, s->opts.quiet ? "%s" : "  %-33s", (const char *)p);
			break;
		case PVM_REC_PRINTF:
			printf_rec(s, p, h->size, h->id);
			break;
		case PVM_REC_EXIT: {
			int64_t v;
			memcpy(&v, p, 8);
			s->status = (int)v;
			s->exiting = 2;
			break;
		}
		}
		off += sizeof(*h) + ((h->size + 7) & ~7u);
	}
	if (prefix)
		fputc('\n', s->out);
}

void rt_print_aggregations(rt_session *s)
{
	const pvm_prog *vm = &s->prog->vm;
	pvm_aggtab *merged;
	rt_aggsort sort = { s->opts.aggsortkey, s->opts.aggsortkeypos, s->opts.aggsortpos,
			    s->opts.aggsortrev };

	if (!vm->naggs || !(merged = pvm_aggtab_new(SIZE_MAX)))
		return;
	for (int c = 0; c < s->ncpus; c++) {
		pvm_aggtab *t = s->vm.aggtab[c];
		for (uint32_t i = 0; i < t->nents; i++) {
			pvm_aggent *e = t->ents[i];
			const pvm_aggdesc *d = &vm->aggs[e->aggid];
			pvm_aggent *m = pvm_aggtab_get(merged, d, e->aggid, e->key, e->keylen);
			if (m)
				pvm_agg_merge(d, m->vals, e->vals);
		}
	}
	pvm_aggent **ents = malloc((merged->nents + 1) * sizeof(*ents));
	for (uint32_t a = 0; ents && a < vm->naggs; a++) {
		uint32_t n = 0;
		for (uint32_t i = 0; i < merged->nents; i++)
			if (merged->ents[i]->aggid == a)
				ents[n++] = merged->ents[i];
		if (n)
			rt_agg_print_entries(s->out, &vm->aggs[a], ents, n, &sort, 1);
	}
	free(ents);
	pvm_aggtab_free(merged);
}

void rt_print_drops(rt_session *s)
{
	for (int c = 0; c < s->ncpus; c++) {
		uint64_t lost = rt_rings_lost(s, c), aggd = s->vm.aggtab[c]->drops;
		if (lost)
			fprintf(stderr, "dtr: %llu drop%s on CPU %d\n", (unsigned long long)lost,
				lost == 1 ? "" : "s", c);
		if (aggd)
			fprintf(stderr, "dtr: %llu aggregation drop%s on CPU %d\n",
				(unsigned long long)aggd, aggd == 1 ? "" : "s", c);
	}
}
