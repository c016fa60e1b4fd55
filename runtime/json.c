/* -O json: every probe firing's records and every aggregation as one JSON
 * object per line, for tools that post-process dtr's output. Schema:
 *   {"type":"probe","cpu":C,"id":ID,"probe":"prov:mod:func:name",
 *    "timestamp":NS,"records":[R...]}
 *     R: {"trace":N} | {"trace":"S"} | {"printf":"TEXT"} | {"stack":["f",...]}
 *        | {"exit":N} | {"action":"printa|clear|..."}
 *        | {"print":"TEXT"} (print()'s text) | {"tracemem":"HEX"} (the bytes)
 *   {"type":"aggregation","name":"NAME","function":"count|sum|...",
 *    "entries":[{"keys":[K...],"value":N} | {"keys":[K...],"buckets":
 *    [{"value":LOWER,"count":N}...]}]}
 *     K: a number, a string, or an array of frames for a stack.
 *     quantize buckets are labelled by their lower bound; lquantize's
 *     underflow bucket by "< base" as {"below":BASE}, overflow {"from":LIMIT};
 *     llquantize's by their index ({"bucket":I}).
 *   {"type":"aggregations","names":["NAME"...],"functions":["count"...],
 *    "entries":[{"keys":[K...],"values":[V...]}]}
 *     printa(@a, @b, ...) of several aggregations: one entry per key of any
 *     of them, in printa()'s order; values[i] is aggregation i's value:
 *     V: N, or {"buckets":[...]} (as above) for a histogram; an aggregation
 *     lacking the key gives 0 (or no buckets). printa(@a) of one
 *     aggregation still prints a "type":"aggregation" object.
 *   {"type":"exit","status":N} once at the end. */
#include <stdlib.h>
#include <string.h>

#include "probevm/agg.h"
#include "runtime/aggprint.h"
#include "runtime/printval.h"
#include "runtime/rt.h"
#include "runtime/stacks.h"

static void str(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p == '\t')
			fputs("\\t", out);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

static void stackval(rt_session *s, FILE *out, const uint8_t *p)
{
	uint64_t buf[2 + PVM_MAX_FRAMES];
	pvm_stackval sv;
	char sym[512];

	memcpy(&sv, p, sizeof(sv));
	memcpy(buf, p, sizeof(sv) + sv.n * 8u);
	const pvm_stackval *v = (const pvm_stackval *)buf;
	int32_t pid = v->user ? v->pid : 0;
	if (v->form != PVM_STACK) {
		str(out, v->form == PVM_MOD ? rt_stacks_mod(s->stacks, pid, v->pcs[0], sym, sizeof(sym)) :
			 v->form == PVM_ADDR ? rt_stacks_sym(s->stacks, pid, v->pcs[0], sym, sizeof(sym)) :
			 rt_stacks_func(s->stacks, pid, v->pcs[0], sym, sizeof(sym)));
		return;
	}
	fputc('[', out);
	for (int i = 0; i < v->n; i++) {
		if (i)
			fputc(',', out);
		str(out, rt_stacks_sym(s->stacks, pid, v->pcs[i], sym, sizeof(sym)));
	}
	fputc(']', out);
}

/* A record whose value is text dtr prints (printf, print): opened as a
 * stream, then closed into {"key":"TEXT"}. */
typedef struct textrec {
	char *text;
	size_t len;
	FILE *m;
} textrec;

static FILE *text_open(textrec *t)
{
	t->text = NULL;
	t->len = 0;
	return t->m = open_memstream(&t->text, &t->len);
}

static void text_record(rt_session *s, const char *key, textrec *t)
{
	fclose(t->m);
	fprintf(s->out, "{\"%s\":", key);
	str(s->out, t->text ? t->text : "");
	fputc('}', s->out);
	free(t->text);
}

/* {"print":"TEXT"}: print()'s output of a value whose bytes are d */
static void print_record(rt_session *s, const dtr_action *a, const uint8_t *d, uint32_t size)
{
	textrec t;

	if (!text_open(&t))
		return;
	if (a->type.kind == DT_PTR && size > 8) /* a pointer and the object it points to */
		rt_print_pointee(t.m, &s->prog->types, a->type, d, size, s->opts.printsize);
	else
		rt_print_value(t.m, &s->prog->types, a->type, d, size);
	text_record(s, "print", &t);
}

void rt_json_records(rt_session *s, const rt_enabling *e, const pvm_ctx *ctx, uint32_t cpu,
		     const uint8_t *rec, size_t len)
{
	const prov_probe *p = prov_get(e->probe);
	int first = 1;

	fprintf(s->out, "{\"type\":\"probe\",\"cpu\":%u,\"id\":%u,\"probe\":", cpu, e->probe);
	char name[512];
	snprintf(name, sizeof(name), "%s:%s:%s:%s", p->provname, p->mod, p->func, p->name);
	str(s->out, name);
	fprintf(s->out, ",\"timestamp\":%llu,\"records\":[", (unsigned long long)ctx->b[PVM_B_TIMESTAMP]);
	for (size_t off = 0; off + sizeof(pvm_rechdr) <= len;) {
		const pvm_rechdr *h = (const pvm_rechdr *)(rec + off);
		const uint8_t *d = (const uint8_t *)(h + 1);
		int64_t v;
		if (!first)
			fputc(',', s->out);
		first = 0;
		switch (h->kind) {
		case PVM_REC_TRACE_INT:
			memcpy(&v, d, 8);
			fprintf(s->out, (h->id & PVM_SIGNED) ? "{\"trace\":%lld}" : "{\"trace\":%llu}",
				(long long)v);
			break;
		case PVM_REC_TRACE_STR:
			fputs("{\"trace\":", s->out);
			str(s->out, (const char *)d);
			fputc('}', s->out);
			break;
		case PVM_REC_TRACE_STACK:
			fputs("{\"stack\":", s->out);
			stackval(s, s->out, d);
			fputc('}', s->out);
			break;
		case PVM_REC_PRINTF: {
			textrec t;
			if (text_open(&t)) {
				rt_printf_payload(t.m, &s->prog->fmts[h->id], d, h->size);
				text_record(s, "printf", &t);
			}
			break;
		}
		case PVM_REC_EXIT:
			memcpy(&v, d, 8);
			fprintf(s->out, "{\"exit\":%lld}", (long long)v);
			break;
		case PVM_REC_ACT:
			if (s->prog->acts[h->id].kind == DA_PRINT)
				print_record(s, &s->prog->acts[h->id], d, h->size);
			else
				fprintf(s->out, "{\"action\":\"%s\"}", dtr_actkind_names[s->prog->acts[h->id].kind]);
			break;
		case PVM_REC_TRACE_MEM:
			if (s->prog->acts[h->id].kind == DA_PRINT) {
				print_record(s, &s->prog->acts[h->id], d, h->size);
				break;
			}
			fputs("{\"tracemem\":\"", s->out);
			for (uint32_t i = 0; i < h->size; i++)
				fprintf(s->out, "%02x", d[i]);
			fputs("\"}", s->out);
			break;
		}
		off += sizeof(*h) + ((h->size + 7) & ~7u);
	}
	fputs("]}\n", s->out);
}

static void buckets(FILE *out, const pvm_aggdesc *d, const int64_t *vals, int64_t normal)
{
	int first = 1;

	fputs("\"buckets\":[", out);
	for (uint32_t i = 0; i < d->nvals; i++) {
		if (!vals[i])
			continue;
		fputs(first ? "{" : ",{", out);
		first = 0;
		if (d->fn == PVM_AGG_QUANTIZE)
			fprintf(out, "\"value\":%lld", (long long)pvm_quantize_value((int)i));
		else if (d->fn == PVM_AGG_LQUANTIZE && i == 0)
			fprintf(out, "\"below\":%lld", (long long)d->param[0]);
		else if (d->fn == PVM_AGG_LQUANTIZE && i == d->nvals - 1)
			fprintf(out, "\"from\":%lld", (long long)d->param[1]);
		else if (d->fn == PVM_AGG_LQUANTIZE)
			fprintf(out, "\"value\":%lld", (long long)(d->param[0] + (int64_t)(i - 1) * d->param[2]));
		else
			fprintf(out, "\"bucket\":%u", i);
		fprintf(out, ",\"count\":%lld}", (long long)(vals[i] / normal));
	}
	fputc(']', out);
}

static int is_hist(const pvm_aggdesc *d)
{
	return d->fn == PVM_AGG_QUANTIZE || d->fn == PVM_AGG_LQUANTIZE || d->fn == PVM_AGG_LLQUANTIZE;
}

/* "keys":[K...] of entry e of aggregation d. */
static void keys(rt_session *s, FILE *out, const pvm_aggdesc *d, const pvm_aggent *e)
{
	const uint8_t *p = e->key;

	fputs("\"keys\":[", out);
	for (int k = 0; k < d->nkeys; k++) {
		if (k)
			fputc(',', out);
		if (d->keytype[k] == PT_STR) {
			str(out, (const char *)p);
		} else if (d->keytype[k] == PT_STACK) {
			stackval(s, out, p);
		} else {
			int64_t v;
			memcpy(&v, p, 8);
			fprintf(out, "%lld", (long long)v);
		}
		p += pvm_tuple_elem_size(p, d->keytype[k]);
	}
	fputc(']', out);
}

static void scalar(FILE *out, const pvm_aggdesc *d, const int64_t *vals, int64_t normal)
{
	fprintf(out, d->fn == PVM_AGG_STDDEV ? "%llu" : "%lld",
		(long long)rt_agg_scalar(d, vals, normal));
}

void rt_json_aggregation(rt_session *s, const pvm_aggdesc *d, pvm_aggent **ents, uint32_t n,
			 int64_t normal)
{
	FILE *out = s->out;

	fputs("{\"type\":\"aggregation\",\"name\":", out);
	str(out, d->name);
	fprintf(out, ",\"function\":\"%s\",\"entries\":[", pvm_aggfns[d->fn].name);
	for (uint32_t i = 0; i < n; i++) {
		fputs(i ? ",{" : "{", out);
		keys(s, out, d, ents[i]);
		fputc(',', out);
		if (is_hist(d)) {
			buckets(out, d, ents[i]->vals, normal);
		} else {
			fputs("\"value\":", out);
			scalar(out, d, ents[i]->vals, normal);
		}
		fputc('}', out);
	}
	fputs("]}\n", out);
}

void rt_json_aggregations(rt_session *s, const rt_aggjoin *j, const int64_t *normal)
{
	FILE *out = s->out;

	fputs("{\"type\":\"aggregations\",\"names\":[", out);
	for (int a = 0; a < j->k; a++) {
		if (a)
			fputc(',', out);
		str(out, j->descs[a]->name);
	}
	fputs("],\"functions\":[", out);
	for (int a = 0; a < j->k; a++)
		fprintf(out, "%s\"%s\"", a ? "," : "", pvm_aggfns[j->descs[a]->fn].name);
	fputs("],\"entries\":[", out);
	for (uint32_t r = 0; r < j->nrows; r++) {
		const pvm_aggdesc *kd;
		const pvm_aggent *ke = rt_agg_join_key(j, r, &kd);

		fputs(r ? ",{" : "{", out);
		keys(s, out, kd, ke);
		fputs(",\"values\":[", out);
		for (int a = 0; a < j->k; a++) {
			const int64_t *vals = rt_agg_join_vals(j, r, a);
			int64_t nm = normal && normal[a] > 0 ? normal[a] : 1;

			if (a)
				fputc(',', out);
			if (is_hist(j->descs[a])) {
				fputc('{', out);
				buckets(out, j->descs[a], vals, nm);
				fputc('}', out);
			} else {
				scalar(out, j->descs[a], vals, nm);
			}
		}
		fputs("]}", out);
	}
	fputs("]}\n", out);
}
