/* The consumer's output: each committed clause's records in DTrace's
 * layouts (the CPU/ID/FUNCTION:NAME prefix, trace() columns, printf), and
 * at the end the per-CPU aggregation tables merged and printed, and drops
 * reported. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probevm/agg.h"
#include "runtime/aggprint.h"
#include "runtime/printval.h"
#include "runtime/rt.h"
#include "runtime/stacks.h"

static void act(rt_session *s, const rt_enabling *e, const uint8_t *p, uint32_t size, uint16_t id);

/* A stack prints as DTrace prints it; a symbol (sym, func, mod, uaddr ...)
 * as a string. indent: spaces before each frame. */
static void print_stackval(rt_session *s, FILE *out, const pvm_stackval *sv, int indent,
			   const char *strfmt)
{
	char buf[512];
	int32_t pid = sv->user ? sv->pid : 0;

	if (sv->form == PVM_STACK) {
		rt_stacks_print(s->stacks, out, pid, sv->pcs, sv->n, indent);
		return;
	}
	uint64_t pc = sv->n ? sv->pcs[0] : 0;
	const char *str = sv->form == PVM_MOD ? rt_stacks_mod(s->stacks, pid, pc, buf, sizeof(buf)) :
			  sv->form == PVM_ADDR ? rt_stacks_sym(s->stacks, pid, pc, buf, sizeof(buf)) :
			  rt_stacks_func(s->stacks, pid, pc, buf, sizeof(buf));
	fprintf(out, strfmt, str);
}

void rt_print_agg_stack(FILE *out, const pvm_stackval *sv, void *arg)
{
	print_stackval(arg, out, sv, 14, "  %-50s");
}

static void trace_int(rt_session *s, const uint8_t *p, uint16_t id)
{
	int size = id & 0xff, sign = !!(id & PVM_SIGNED);
	int64_t v;

	memcpy(&v, p, 8);
	if (s->opts.rawbytes) { /* the value's own bytes (little-endian) */
		rt_print_rawbytes(s->out, p, (size_t)size);
		return;
	}
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

/* The offset just past a speculate(id) record, with *id; 0 if none. */
static size_t speculated(rt_session *s, const uint8_t *rec, size_t len, int64_t *id)
{
	for (size_t off = 0; off + sizeof(pvm_rechdr) <= len;) {
		const pvm_rechdr *h = (const pvm_rechdr *)(rec + off);
		off += sizeof(*h) + ((h->size + 7) & ~7u);
		if (h->kind == PVM_REC_ACT && s->prog->acts[h->id].kind == DA_SPECULATE) {
			memcpy(id, h + 1, 8);
			return off;
		}
	}
	return 0;
}

/* Keep a firing's records in speculation buffer id until commit() or
 * discard(); a buffer past specsize drops them, counted. */
static void speculate(rt_session *s, int64_t id, const rt_enabling *e, const pvm_ctx *ctx,
		      uint32_t cpu, const uint8_t *rec, size_t len)
{
	rt_spec *sp;

	if (id <= 0 || id > s->nspec || !(sp = &s->spec[id - 1])->active)
		return; /* speculate(0) or a speculation not begun: the data goes nowhere */
	if (sp->bytes + len > s->opts.specsize) {
		s->spec_drops++;
		return;
	}
	rt_specrec *r = malloc(sizeof(*r) + len);
	if (!r) {
		s->spec_drops++;
		return;
	}
	r->e = e;
	r->ctx = *ctx;
	r->ctx.kstack = r->ctx.ustack = NULL; /* gone with the firing; nothing here reads them */
	r->ctx.raw = NULL;
	r->cpu = cpu;
	r->len = len;
	memcpy(r->rec, rec, len);
	r->next = NULL;
	*sp->tail = r;
	sp->tail = &r->next;
	sp->bytes += len;
}

static void spec_end(rt_session *s, int64_t id, int commit)
{
	rt_spec *sp;

	if (id <= 0 || id > s->nspec || !(sp = &s->spec[id - 1])->active)
		return;
	rt_specrec *r = sp->head;
	sp->head = NULL;
	sp->tail = &sp->head;
	sp->bytes = 0;
	sp->active = 0;
	while (r) {
		rt_specrec *n = r->next;
		if (commit)
			rt_print_records(s, r->e, &r->ctx, r->cpu, r->rec, r->len);
		free(r);
		r = n;
	}
}

int rt_spec_id_ok(void *arg, int64_t id)
{
	const rt_session *s = arg;

	return id >= 0 && id <= s->nspec;
}

int rt_speculation(void *arg)
{
	rt_session *s = arg;

	for (int i = 0; i < s->nspec; i++)
		if (!s->spec[i].active) {
			s->spec[i].active = 1;
			return i + 1;
		}
	s->spec_failed++;
	return 0;
}

void rt_print_records(rt_session *s, const rt_enabling *e, const pvm_ctx *ctx, uint32_t cpu,
		      const uint8_t *rec, size_t len)
{
	const dtr_clause *cl = &s->prog->clauses[e->clause];
	int prefix = !s->opts.quiet && cl->records;
	int64_t specid;
	size_t specoff = speculated(s, rec, len, &specid);

	if (specoff) {
		/* what speculate() precedes is not data: it acts now */
		for (size_t off = 0; off + sizeof(pvm_rechdr) <= specoff;) {
			const pvm_rechdr *h = (const pvm_rechdr *)(rec + off);
			if (h->kind == PVM_REC_ACT && s->prog->acts[h->id].kind != DA_SPECULATE)
				act(s, e, (const uint8_t *)(h + 1), h->size, h->id);
			off += sizeof(*h) + ((h->size + 7) & ~7u);
		}
		speculate(s, specid, e, ctx, cpu, rec + specoff, len - specoff);
		return;
	}

	if (s->opts.json) {
		if (cl->records)
			rt_json_records(s, e, ctx, cpu, rec, len);
		/* actions still act (clear, trunc ...), silently */
		for (size_t off = 0; off + sizeof(pvm_rechdr) <= len;) {
			const pvm_rechdr *h = (const pvm_rechdr *)(rec + off);
			if (h->kind == PVM_REC_ACT && s->prog->acts[h->id].kind == DA_PRINT)
				; /* in the probe's records already */
			else if (h->kind == PVM_REC_ACT && s->prog->acts[h->id].kind != DA_PRINTA)
				act(s, e, (const uint8_t *)(h + 1), h->size, h->id);
			else if (h->kind == PVM_REC_ACT)
				rt_json_printa(s, &s->prog->acts[h->id]);
			else if (h->kind == PVM_REC_EXIT) {
				int64_t v;
				memcpy(&v, h + 1, 8);
				s->status = (int)v;
				s->exiting = 2;
			}
			off += sizeof(*h) + ((h->size + 7) & ~7u);
		}
		return;
	}
	if (s->opts.flowindent && cl->records) {
		/* -F: entries indent what follows by two, returns undo it; even
		 * under -q, as DTrace */
		const prov_probe *p = prov_get(e->probe);
		char name[512];
		int entry = !strcmp(p->name, "entry"), ret = !strcmp(p->name, "return");
		if (!s->header_done) {
			fprintf(s->out, "%3s %-41s\n", "CPU", "FUNCTION");
			s->header_done = 1;
		}
		if (ret && s->flow_depth >= 2)
			s->flow_depth -= 2;
		if (entry || ret)
			snprintf(name, sizeof(name), "%*s%s%s", s->flow_depth, "", entry ? "-> " : "<- ", p->func);
		else
			snprintf(name, sizeof(name), "%*s| %s:%s", s->flow_depth, "", p->func, p->name);
		if (entry)
			s->flow_depth += 2;
		fprintf(s->out, "%3u %-41s ", cpu, name);
		prefix = 1;
	} else if (prefix) {
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
			if (s->opts.rawbytes)
				rt_print_strbytes(s->out, (const char *)p, h->size, s->opts.strsize + 1);
			else
				fprintf(s->out, s->opts.quiet ? "%s" : "  %-33s", (const char *)p);
			break;
		case PVM_REC_PRINTF:
			rt_printf_payload(s->out, &s->prog->fmts[h->id], p, h->size);
			break;
		case PVM_REC_ACT:
			act(s, e, p, h->size, h->id);
			break;
		case PVM_REC_TRACE_MEM:
			if (s->prog->acts[h->id].kind == DA_PRINT && s->prog->acts[h->id].type.kind == DT_PTR)
				rt_print_pointee(s->out, &s->prog->types, s->prog->acts[h->id].type, p, h->size,
						 s->opts.printsize);
			else if (s->prog->acts[h->id].kind == DA_PRINT)
				rt_print_value(s->out, &s->prog->types, s->prog->acts[h->id].type, p, h->size);
			else /* tracemem(), trace() of a struct, union or array */
				rt_print_rawbytes(s->out, p, h->size);
			break;
		case PVM_REC_TRACE_STACK: {
			uint64_t buf[2 + PVM_MAX_FRAMES];
			memcpy(buf, p, h->size < sizeof(buf) ? h->size : sizeof(buf));
			/* quiet or not, as DTrace's dt_print_stack() and
			 * dt_print_usym() print them */
			print_stackval(s, s->out, (const pvm_stackval *)buf, 14, "  %-50s");
			break;
		}
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

/* sym(), func(), usym() and ufunc() keys aggregate by function: their
 * addresses are rounded down to the function's start, as DTrace does.
 * (mod() and umod() keys are not rounded yet: one line per address.) */
static void round_symbols(rt_session *s, const pvm_aggdesc *d, uint8_t *key)
{
	uint8_t *p = key;

	for (int k = 0; k < d->nkeys; k++) {
		if (d->keytype[k] == PT_STACK && s->stacks) {
			pvm_stackval sv;
			memcpy(&sv, p, sizeof(sv));
			if ((sv.form == PVM_SYM || sv.form == PVM_FUNC) && sv.n == 1) {
				uint64_t pc;
				memcpy(&pc, p + sizeof(sv), 8);
				pc = rt_stacks_func_start(s->stacks, sv.user ? sv.pid : 0, pc);
				memcpy(p + sizeof(sv), &pc, 8);
			}
		}
		p += pvm_tuple_elem_size(p, d->keytype[k]);
	}
}

/* -x aggrate: copy every CPU's table; printa() reads the copies until the
 * next snapshot, as DTrace's consumer reads its snapshot */
static void agg_snap(rt_session *s)
{
	if (!s->aggsnap && !(s->aggsnap = calloc((size_t)s->ncpus, sizeof(*s->aggsnap))))
		return;
	for (int c = 0; c < s->ncpus; c++) {
		pvm_aggtab *t = s->vm.aggtab[c], *m = pvm_aggtab_new(SIZE_MAX);
		if (!m)
			continue;
		for (uint32_t i = 0; i < t->nents; i++) {
			const pvm_aggent *e = t->ents[i];
			const pvm_aggdesc *d = &s->prog->vm.aggs[e->aggid];
			pvm_aggent *me = pvm_aggtab_get(m, d, e->aggid, e->key, e->keylen);
			if (me)
				pvm_agg_merge(d, me->vals, e->vals);
		}
		if (s->aggsnap[c])
			pvm_aggtab_free(s->aggsnap[c]);
		s->aggsnap[c] = m;
	}
	s->aggsnap_time = rt_now();
}

void rt_agg_snap_due(rt_session *s)
{
	if (s->opts.aggrate && s->aggsnap && rt_now() - s->aggsnap_time >= s->opts.aggrate)
		agg_snap(s);
}

/* The tables printa() reads: the live ones, or under -x aggrate until exit
 * the last snapshot, taken again when aggrate has passed (the main loop
 * also snaps when it is due, as DTrace's consumer loop does) */
static pvm_aggtab *agg_source(rt_session *s, int c)
{
	if (!s->opts.aggrate || s->exiting)
		return s->vm.aggtab[c];
	if (!s->aggsnap || (c == 0 && rt_now() - s->aggsnap_time >= s->opts.aggrate))
		agg_snap(s);
	return s->aggsnap && s->aggsnap[c] ? s->aggsnap[c] : s->vm.aggtab[c];
}

/* The per-CPU entries of aggregation aggid merged into a new table, with
 * its entries of that aggregation in *ents (n returned). */
static uint32_t merge_agg(rt_session *s, uint32_t aggid, pvm_aggtab **tab, pvm_aggent ***ents)
{
	const pvm_aggdesc *d = &s->prog->vm.aggs[aggid];
	pvm_aggtab *m = pvm_aggtab_new(SIZE_MAX);
	uint32_t n = 0;

	*tab = m;
	*ents = NULL;
	if (!m)
		return 0;
	uint8_t key[PVM_MAX_TUPLE * (8 + PVM_MAX_STRSIZE)];
	for (int c = 0; c < s->ncpus; c++) {
		pvm_aggtab *t = agg_source(s, c);
		for (uint32_t i = 0; i < t->nents; i++) {
			pvm_aggent *e = t->ents[i];
			if (e->aggid != aggid)
				continue;
			memcpy(key, e->key, e->keylen);
			round_symbols(s, d, key);
			pvm_aggent *me = pvm_aggtab_get(m, d, aggid, key, e->keylen);
			if (me)
				pvm_agg_merge(d, me->vals, e->vals);
		}
	}
	if (!(*ents = malloc((m->nents + 1) * sizeof(**ents))))
		return 0;
	for (uint32_t i = 0; i < m->nents; i++)
		(*ents)[n++] = m->ents[i];
	return n;
}

static rt_aggsort sort_opts(rt_session *s)
{
	return (rt_aggsort){ s->opts.aggsortkey, s->opts.aggsortkeypos, s->opts.aggsortpos,
			     s->opts.aggsortrev };
}

static int64_t normal_of(rt_session *s, uint32_t aggid)
{
	return s->normal && s->normal[aggid] > 0 ? s->normal[aggid] : 1;
}

static int is_hist(const pvm_aggdesc *d)
{
	return d->fn == PVM_AGG_QUANTIZE || d->fn == PVM_AGG_LQUANTIZE || d->fn == PVM_AGG_LLQUANTIZE;
}

/* A stack or symbol key (encoded at key) under conversion pc of a printa()
 * format, dynamic width dynw if pc has one: a stack as pfprint_stack()
 * prints it (each frame in the field's width; a left-justified field
 * indents the frames by its width instead), a symbol as its name through
 * a %s of pc's flags and width. */
static void printa_stack(rt_session *s, const dfmt_piece *pc, int dynw, const uint8_t *key)
{
	uint64_t buf[(sizeof(pvm_stackval) + PVM_MAX_FRAMES * 8) / 8 + 1];
	pvm_stackval *sv = (pvm_stackval *)buf;
	char name[512];

	memcpy(sv, key, sizeof(*sv));
	if (sv->n > PVM_MAX_FRAMES)
		sv->n = PVM_MAX_FRAMES;
	memcpy(sv->pcs, key + sizeof(*sv), sv->n * 8u);
	if (pc->lit)
		fputs(pc->lit, s->out);
	if (sv->form == PVM_STACK) {
		int width = pc->width_star ? dynw : pc->width > 0 ? pc->width : 0;
		int left = strchr(pc->flags, '-') != NULL || width < 0;

		width = width < 0 ? -width : width;
		if (width > 4096)
			width = 4096;
		rt_stacks_print_width(s->stacks, s->out, sv->user ? sv->pid : 0, sv->pcs, sv->n,
				      left ? width : 0, left ? 0 : width);
		return;
	}
	FILE *m = fmemopen(name, sizeof(name), "w");
	if (!m)
		return;
	print_stackval(s, m, sv, 0, "%s");
	long len = ftell(m);
	fclose(m);
	name[len > 0 && len < (long)sizeof(name) ? len : 0] = '\0';
	dfmt_piece one = *pc;
	dfmt f = { &one, 1, 1 };
	dtype t[2] = { DTYPE_INT(4, 1), DTYPE_STR };
	dfmt_val v[2] = { { (uint64_t)(int64_t)dynw, NULL }, { 0, name } };
	one.lit = NULL;
	one.conv = 's';
	one.len[0] = '\0';
	dfmt_print(s->out, &f, t + !pc->width_star, v + !pc->width_star, 1 + pc->width_star);
}

/* One row of printa() with a format (dt_printf_format): the keys of key (an
 * entry of kd) fill the conversions in order; each %@ takes the value of the
 * next of the k aggregations (the last one's once they run out); a
 * histogram's %@ prints the whole histogram in place. */
static void printa_fmt(rt_session *s, const dtr_fmt *f, const pvm_aggdesc *kd, const pvm_aggent *key,
		       int k, const pvm_aggdesc *const *descs, const int64_t *const *vals,
		       const int64_t *normal)
{
	dfmt_val keys[PVM_MAX_TUPLE], args[PVM_MAX_TUPLE * 2];
	dtype types[PVM_MAX_TUPLE * 2];
	const uint8_t *stk[PVM_MAX_TUPLE];
	const uint8_t *p = key->key;
	int nk = 0, nv = 0, cur = 0;

	for (int i = 0; i < kd->nkeys; i++) {
		keys[i].s = NULL;
		keys[i].i = 0;
		stk[i] = NULL;
		if (kd->keytype[i] == PT_STR)
			keys[i].s = (const char *)p;
		else if (kd->keytype[i] == PT_STACK)
			stk[i] = p;
		else
			memcpy(&keys[i].i, p, 8);
		p += pvm_tuple_elem_size(p, kd->keytype[i]);
	}
	for (int i = 0; i < f->f.n; i++) {
		dfmt_piece pc = f->f.p[i];
		dfmt one = { &pc, 1, 0 };
		int from = nv, a = cur;

		if (!pc.conv) {
			dfmt_print(s->out, &one, types, args, 0);
			continue;
		}
		for (int j = 0; j < pc.width_star + pc.prec_star && nk < kd->nkeys; j++, nv++) {
			types[nv] = f->args[nk];
			args[nv] = keys[nk++];
		}
		if (!pc.agg && nk < kd->nkeys && stk[nk]) {
			printa_stack(s, &pc, nv > from ? (int)(int64_t)args[from].i : 0, stk[nk++]);
			continue;
		}
		if (!pc.agg) {
			if (nk < kd->nkeys) {
				types[nv] = f->args[nk];
				args[nv++] = keys[nk++];
			}
			dfmt_print(s->out, &one, types + from, args + from, nv - from);
			continue;
		}
		if (cur < k - 1)
			cur++;
		if (is_hist(descs[a])) {
			if (pc.lit)
				fputs(pc.lit, s->out);
			rt_agg_print_hist(s->out, descs[a], vals[a], normal[a]);
			continue;
		}
		types[nv] = DTYPE_INT(8, descs[a]->fn != PVM_AGG_STDDEV);
		args[nv].s = NULL;
		args[nv++].i = (uint64_t)rt_agg_scalar(descs[a], vals[a], normal[a]);
		dfmt_print(s->out, &one, types + from, args + from, nv - from);
	}
}

/* printa() of one aggregation: sorted entries, each a row of its own. */
static void printa_one(rt_session *s, const dtr_action *a)
{
	const pvm_aggdesc *d = &s->prog->vm.aggs[a->agg];
	rt_aggsort sort = sort_opts(s);
	pvm_aggtab *tab;
	pvm_aggent **ents;
	uint32_t n = merge_agg(s, (uint32_t)a->agg, &tab, &ents);
	int64_t normal = normal_of(s, (uint32_t)a->agg);

	if (n)
		s->agg_printed[a->agg] = 1;
	if (a->fmt < 0) {
		rt_agg_print(s->out, d, ents, n, &sort, normal);
	} else {
		rt_agg_sort(d, ents, n, &sort);
		for (uint32_t i = 0; i < n; i++) {
			const int64_t *v = ents[i]->vals;
			printa_fmt(s, &s->prog->fmts[a->fmt], d, ents[i], 1, &d, &v, &normal);
		}
	}
	free(ents);
	pvm_aggtab_free(tab);
}

/* The aggregations of a printa() merged and joined by key (rt_agg_join),
 * rows sorted; 0, or -ENOMEM with nothing to free. The caller frees with
 * printa_unjoin. */
typedef struct joined {
	int k;
	const pvm_aggdesc **descs;
	pvm_aggtab **tabs;
	pvm_aggent ***ents;
	uint32_t *n;
	int64_t *normal;
	rt_aggjoin j;
} joined;

static void printa_unjoin(joined *jn)
{
	rt_agg_join_free(&jn->j);
	for (int i = 0; i < jn->k; i++) {
		if (jn->ents)
			free(jn->ents[i]);
		if (jn->tabs)
			pvm_aggtab_free(jn->tabs[i]);
	}
	free(jn->descs);
	free(jn->tabs);
	free(jn->ents);
	free(jn->n);
	free(jn->normal);
}

static int printa_join(rt_session *s, const dtr_action *a, joined *jn)
{
	rt_aggsort sort = sort_opts(s);
	int k = a->naggs;

	memset(jn, 0, sizeof(*jn));
	jn->descs = calloc((size_t)k, sizeof(*jn->descs));
	jn->tabs = calloc((size_t)k, sizeof(*jn->tabs));
	jn->ents = calloc((size_t)k, sizeof(*jn->ents));
	jn->n = calloc((size_t)k, sizeof(*jn->n));
	jn->normal = calloc((size_t)k, sizeof(*jn->normal));
	if (!jn->descs || !jn->tabs || !jn->ents || !jn->n || !jn->normal) {
		printa_unjoin(jn);
		return -ENOMEM;
	}
	jn->k = k;
	for (int i = 0; i < k; i++) {
		uint32_t id = (uint32_t)a->aggs[i];

		jn->descs[i] = &s->prog->vm.aggs[id];
		jn->n[i] = merge_agg(s, id, &jn->tabs[i], &jn->ents[i]);
		jn->normal[i] = normal_of(s, id);
	}
	if (rt_agg_join(&jn->j, k, jn->descs, (pvm_aggent *const *const *)jn->ents, jn->n) < 0) {
		printa_unjoin(jn);
		return -ENOMEM;
	}
	rt_agg_join_sort(&jn->j, &sort);
	return 0;
}

/* printa(@a, @b, ...): one row per key of any of them (dtrace_aggregate_walk_joined). */
static void printa_many(rt_session *s, const dtr_action *a)
{
	joined jn;

	if (printa_join(s, a, &jn) < 0)
		return;
	for (int i = 0; jn.j.nrows && i < a->naggs; i++)
		s->agg_printed[a->aggs[i]] = 1;
	if (a->fmt < 0) {
		fputc('\n', s->out);
		rt_agg_join_print(s->out, &jn.j, jn.normal);
	} else {
		const int64_t **vals = calloc((size_t)jn.k, sizeof(*vals));

		for (uint32_t r = 0; vals && r < jn.j.nrows; r++) {
			const pvm_aggdesc *kd;
			const pvm_aggent *key = rt_agg_join_key(&jn.j, r, &kd);

			for (int i = 0; i < jn.k; i++)
				vals[i] = rt_agg_join_vals(&jn.j, r, i);
			printa_fmt(s, &s->prog->fmts[a->fmt], kd, key, jn.k, jn.descs,
				   (const int64_t *const *)vals, jn.normal);
		}
		free(vals);
	}
	printa_unjoin(&jn);
}

/* printa(): an aggregation counts as printed (and is left out at exit) once
 * a printa() has printed a row of it, as DTrace flags it row by row. */
static void printa(rt_session *s, const dtr_action *a)
{
	if (a->naggs > 1)
		printa_many(s, a);
	else
		printa_one(s, a);
}

/* trunc(@a, n): keep the n largest (n > 0) or smallest (n < 0) entries;
 * trunc(@a): remove every entry. */
static void trunc_agg(rt_session *s, uint32_t aggid, int have_n, int64_t keep)
{
	const pvm_aggdesc *d = &s->prog->vm.aggs[aggid];
	rt_aggsort sort = sort_opts(s);
	pvm_aggtab *tab;
	pvm_aggent **ents;
	uint32_t n = merge_agg(s, aggid, &tab, &ents);
	uint32_t from = 0, to = n; /* sorted ascending: the range to remove */

	rt_agg_sort(d, ents, n, &sort);
	if (have_n && keep > 0)
		to = (uint64_t)keep >= n ? 0 : n - (uint32_t)keep;
	else if (have_n && keep < 0)
		from = (uint64_t)-keep >= n ? n : (uint32_t)-keep;
	for (uint32_t i = from; i < to; i++)
		for (int c = 0; c < s->ncpus; c++)
			pvm_aggtab_remove(s->vm.aggtab[c], aggid, ents[i]->key, ents[i]->keylen);
	free(ents);
	pvm_aggtab_free(tab);
}

static void system_act(rt_session *s, const dtr_action *a, const uint8_t *p, uint32_t size)
{
	char *cmd = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&cmd, &len);

	if (!m)
		return;
	rt_printf_payload(m, &s->prog->fmts[a->fmt], p, size);
	fclose(m);
	fflush(s->out);
	if (system(cmd) < 0)
		fprintf(stderr, "dtr: system(\"%s\") failed: %s\n", cmd, strerror(errno));
	free(cmd);
}

/* A library action's failure, in the form of dt_handle_liberr: the probe,
 * then the reason (DTrace's ends with a newline, hence the empty line). */
static void liberr(rt_session *s, const rt_enabling *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void liberr(rt_session *s, const rt_enabling *e, const char *fmt, ...)
{
	const prov_probe *p = prov_get(e->probe);
	va_list ap;

	fflush(s->out);
	fprintf(stderr, "dtr: error on enabled probe ID %u (ID %u: %s:%s:%s:%s): ", e->epid, p->id,
		p->provname, p->mod, p->func, p->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n\n", stderr);
}

/* setopt(name [, value]) as the consumer reads it: dynamic options change
 * now; run-time ones (bufsize ...) cannot while tracing. */
static void setopt_act(rt_session *s, const rt_enabling *e, const dtr_action *a, const uint8_t *p,
		       uint32_t size)
{
	const char *name = (const char *)p, *value = "1", *why;
	size_t nl = strnlen(name, size);

	if (nl >= size)
		return;
	if (a->nargs > 1 && strnlen(name + nl + 1, size - nl - 1) < size - nl - 1)
		value = name + nl + 1;
	if (rt_opt_apply(&s->opts, name, value, RT_OPT_ACTIVE, &why) < 0) {
		liberr(s, e, "couldn't set option \"%s\" to \"%s\": %s", name, value, why);
		return;
	}
	/* the printers keep their own copies of these */
	rt_agg_set_zoom(s->opts.aggzoom);
	rt_agg_set_pack(s->opts.aggpack);
}

/* freopen(fmt, ...): output goes (appended) to the file named; "" takes it
 * back to where it went first (stdout or -o's file). */
static void freopen_act(rt_session *s, const rt_enabling *e, const dtr_action *a, const uint8_t *p,
			uint32_t size)
{
	char *path = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&path, &len), *f = NULL;

	if (!m)
		return;
	if (a->fmt >= 0)
		rt_printf_payload(m, &s->prog->fmts[a->fmt], p, size);
	fclose(m);
	fflush(s->out);
	if (path[0] && !(f = fopen(path, "a"))) {
		liberr(s, e, "couldn't freopen() \"%s\": %s", path, strerror(errno));
		free(path);
		return;
	}
	if (s->out_main && s->out != s->out_main)
		fclose(s->out);
	if (!s->out_main)
		s->out_main = s->out;
	s->out = f ? f : s->out_main;
	free(path);
}

/* ftruncate(): the current output file emptied (nothing for a terminal or pipe). */
static void ftruncate_act(rt_session *s)
{
	fflush(s->out);
	if (ftruncate(fileno(s->out), 0) == 0)
		rewind(s->out);
}

static void act(rt_session *s, const rt_enabling *e, const uint8_t *p, uint32_t size, uint16_t id)
{
	const dtr_action *a = &s->prog->acts[id];
	int64_t v[2] = { 0, 0 };

	for (int i = 0; i < a->nargs && i < 2 && a->kind != DA_SYSTEM && a->kind != DA_SETOPT &&
	     a->kind != DA_FREOPEN && (uint32_t)(i + 1) * 8 <= size; i++)
		memcpy(&v[i], p + 8 * i, 8);
	/* what the kernel counted so far joins the aggregations to print (not
	 * before clear() or trunc(): what came since the last printa() belongs
	 * to the next interval) */
	if (a->kind == DA_PRINTA)
		rt_rings_fold_counts(s);
	switch (a->kind) {
	case DA_PRINTA:
		printa(s, a);
		break;
	case DA_PRINT:
		/* a scalar (8 bytes, little-endian) or a string */
		rt_print_value(s->out, &s->prog->types, a->type, p, size);
		break;
	case DA_CLEAR:
		for (int c = 0; c < s->ncpus; c++)
			pvm_aggtab_clear(s->vm.aggtab[c], &s->prog->vm.aggs[a->agg], (uint32_t)a->agg);
		break;
	case DA_TRUNC:
		trunc_agg(s, (uint32_t)a->agg, a->nargs > 0, v[0]);
		break;
	case DA_NORMALIZE:
		s->normal[a->agg] = v[0] > 0 ? v[0] : 1;
		break;
	case DA_DENORMALIZE:
		s->normal[a->agg] = 1;
		break;
	case DA_SYSTEM:
		system_act(s, a, p, size);
		break;
	case DA_SETOPT:
		setopt_act(s, e, a, p, size);
		break;
	case DA_FREOPEN:
		freopen_act(s, e, a, p, size);
		break;
	case DA_FTRUNCATE:
		ftruncate_act(s);
		break;
	case DA_RAISE:
		kill((pid_t)v[1], (int)v[0]);
		break;
	case DA_STOP:
		kill((pid_t)v[0], SIGSTOP);
		break;
	case DA_COMMIT:
	case DA_DISCARD:
		spec_end(s, v[0], a->kind == DA_COMMIT);
		break;
	}
}

void rt_json_printa(rt_session *s, const dtr_action *a)
{
	rt_aggsort sort = sort_opts(s);
	pvm_aggtab *tab;
	pvm_aggent **ents;
	int agg = a->agg;
	uint32_t n;

	if (a->naggs > 1) {
		joined jn;

		if (printa_join(s, a, &jn) == 0) {
			for (int i = 0; jn.j.nrows && i < a->naggs; i++)
				s->agg_printed[a->aggs[i]] = 1;
			rt_json_aggregations(s, &jn.j, jn.normal);
			printa_unjoin(&jn);
		}
		return;
	}
	n = merge_agg(s, (uint32_t)agg, &tab, &ents);
	rt_agg_sort(&s->prog->vm.aggs[agg], ents, n, &sort);
	rt_json_aggregation(s, &s->prog->vm.aggs[agg], ents, n, normal_of(s, (uint32_t)agg));
	if (n)
		s->agg_printed[agg] = 1;
	free(ents);
	pvm_aggtab_free(tab);
}

typedef struct folded {
	char *text;
	int64_t value;
} folded;

static int cmp_folded(const void *a, const void *b)
{
	const folded *x = a, *y = b;
	return strcmp(x->text ? x->text : "", y->text ? y->text : "");
}

/* -x foldstacks: an aggregation keyed by one stack prints one line per
 * stack, frames outermost first joined by ';' and the value after a space:
 * the folded format flame graph tools read. */
static int print_folded(rt_session *s, const pvm_aggdesc *d, pvm_aggent **ents, uint32_t n,
			int64_t normal)
{
	if (!s->opts.foldstacks || d->nkeys != 1 || d->keytype[0] != PT_STACK)
		return 0;
	folded *f = calloc(n, sizeof(*f));
	for (uint32_t i = 0; f && i < n; i++) {
		uint64_t buf[2 + PVM_MAX_FRAMES];
		char sym[512];
		size_t len = 0;
		FILE *m = open_memstream(&f[i].text, &len);
		memcpy(buf, ents[i]->key, ents[i]->keylen < sizeof(buf) ? ents[i]->keylen : sizeof(buf));
		const pvm_stackval *sv = (const pvm_stackval *)buf;
		for (int fr = sv->n - 1; m && fr >= 0; fr--)
			fprintf(m, "%s%s", fr == sv->n - 1 ? "" : ";",
				rt_stacks_func(s->stacks, sv->user ? sv->pid : 0, sv->pcs[fr], sym, sizeof(sym)));
		if (m)
			fclose(m);
		f[i].value = rt_agg_scalar(d, ents[i]->vals, normal);
	}
	/* stacks that differ only in offsets fold to the same line: add them up */
	qsort(f, f ? n : 0, sizeof(*f), cmp_folded);
	for (uint32_t i = 0; f && i < n; i++) {
		int64_t v = f[i].value;
		while (i + 1 < n && !strcmp(f[i].text ? f[i].text : "", f[i + 1].text ? f[i + 1].text : "")) {
			free(f[i].text);
			v += f[++i].value;
		}
		fprintf(s->out, "%s %lld\n", f[i].text ? f[i].text : "", (long long)v);
		free(f[i].text);
	}
	free(f);
	return 1;
}

void rt_print_aggregations(rt_session *s)
{
	rt_aggsort sort = sort_opts(s);

	rt_rings_fold_counts(s);
	/* DTrace sorts all the aggregations' rows together, aggregation first:
	 * aggsortrev reverses the aggregations' order too */
	for (uint32_t i = 0; i < s->prog->vm.naggs; i++) {
		uint32_t a = s->opts.aggsortrev ? s->prog->vm.naggs - 1 - i : i;
		pvm_aggtab *tab;
		pvm_aggent **ents;
		if (s->agg_printed[a])
			continue;
		uint32_t n = merge_agg(s, a, &tab, &ents);
		if (n && s->opts.json) {
			rt_agg_sort(&s->prog->vm.aggs[a], ents, n, &sort);
			rt_json_aggregation(s, &s->prog->vm.aggs[a], ents, n, normal_of(s, a));
		} else if (n && print_folded(s, &s->prog->vm.aggs[a], ents, n, normal_of(s, a))) {
			/* printed */
		} else if (n)
			rt_agg_print_entries(s->out, &s->prog->vm.aggs[a], ents, n, &sort, normal_of(s, a));
		free(ents);
		pvm_aggtab_free(tab);
	}
}

/* "dtr: [TAG] " under -x droptags (DTrace's DTRACEDROP_* names), else "dtr: ". */
static void drop_prefix(const rt_session *s, const char *tag)
{
	fprintf(stderr, s->opts.droptags ? "dtr: [DTRACEDROP_%s] " : "dtr: ", tag);
}

void rt_print_drops(rt_session *s)
{
	uint64_t dyn = pvm_dyn_drops(&s->vm);

	if (s->spec_drops) {
		drop_prefix(s, "SPEC");
		fprintf(stderr, "%llu speculative drop%s\n", (unsigned long long)s->spec_drops,
			s->spec_drops == 1 ? "" : "s");
	}
	if (s->spec_failed) {
		drop_prefix(s, "SPECUNAVAIL");
		/* DTrace's other cause, buffers still busy, cannot happen here:
		 * commit() and discard() free a buffer at once */
		fprintf(stderr, "%llu failed speculation%s (no speculative buffer available)\n",
			(unsigned long long)s->spec_failed, s->spec_failed == 1 ? "" : "s");
	}
	if (dyn) {
		drop_prefix(s, "DYNAMIC");
		fprintf(stderr, "%llu dynamic variable drop%s\n", (unsigned long long)dyn,
			dyn == 1 ? "" : "s");
	}
	for (int c = 0; c < s->ncpus; c++) {
		uint64_t lost = rt_rings_lost(s, c), aggd = s->vm.aggtab[c]->drops;
		if (lost) {
			drop_prefix(s, "PRINCIPAL");
			fprintf(stderr, "%llu drop%s on CPU %d\n", (unsigned long long)lost,
				lost == 1 ? "" : "s", c);
		}
		if (aggd) {
			drop_prefix(s, "AGGREGATION");
			fprintf(stderr, "%llu aggregation drop%s on CPU %d\n",
				(unsigned long long)aggd, aggd == 1 ? "" : "s", c);
		}
	}
}
