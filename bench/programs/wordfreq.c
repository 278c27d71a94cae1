// Word-frequency count: builds a text of WORDS pseudo-random words, splits it,
// counts the words in a chained hash map of malloc'd entries, sorts them with
// qsort and strcmp, then frees everything. Exercises malloc/free, byte-wise
// string handling, hashing and indirect calls.
// usage: wordfreq [WORDS]   (default 3000000)
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Entry {
  struct Entry* next;
  uint32_t hash;
  uint32_t count;
  char word[];
} Entry;

typedef struct {
  Entry** buckets;
  uint32_t bucket_count;  // a power of two
  uint32_t size;
} Map;

static const char* const kSyllables[32] = {
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ba", "de", "fi", "go", "hu", "ja", "ke", "la",
    "ma", "no", "pe", "qui", "ra", "se", "to", "un", "ve", "wa", "xe", "yo", "zu", "ar", "el", "is",
};

static uint64_t lcg_state = 20240601u;

// The high half of a 64-bit LCG: its low bits are not short cycles.
static uint32_t next_random(void) {
  lcg_state = lcg_state * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(lcg_state >> 32);
}

// Skewed towards small indices, so some words are common and many are rare.
static uint32_t skewed_syllable(void) {
  uint32_t a = next_random() & 31, b = next_random() & 31;
  return a < b ? a : b;
}

static void* xmalloc(size_t n) {
  void* p = malloc(n);
  if (!p) {
    fputs("out of memory\n", stderr);
    exit(1);
  }
  return p;
}

static uint32_t fnv1a(const char* s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
  return h;
}

static void map_grow(Map* m) {
  uint32_t new_count = m->bucket_count * 2;
  Entry** fresh = calloc(new_count, sizeof(Entry*));
  if (!fresh) exit(1);
  for (uint32_t i = 0; i < m->bucket_count; i++) {
    for (Entry* e = m->buckets[i]; e;) {
      Entry* next = e->next;
      Entry** slot = &fresh[e->hash & (new_count - 1)];
      e->next = *slot;
      *slot = e;
      e = next;
    }
  }
  free(m->buckets);
  m->buckets = fresh;
  m->bucket_count = new_count;
}

static void map_add(Map* m, const char* word, size_t len) {
  uint32_t h = fnv1a(word, len);
  Entry** slot = &m->buckets[h & (m->bucket_count - 1)];
  for (Entry* e = *slot; e; e = e->next) {
    if (e->hash == h && strncmp(e->word, word, len) == 0 && e->word[len] == '\0') {
      e->count++;
      return;
    }
  }
  Entry* e = xmalloc(sizeof(Entry) + len + 1);
  memcpy(e->word, word, len);
  e->word[len] = '\0';
  e->hash = h;
  e->count = 1;
  e->next = *slot;
  *slot = e;
  if (++m->size > m->bucket_count) map_grow(m);
}

// Most frequent first, then alphabetical: a total order, so any sort agrees.
static int by_count_then_word(const void* x, const void* y) {
  const Entry* a = *(const Entry* const*)x;
  const Entry* b = *(const Entry* const*)y;
  if (a->count != b->count) return a->count > b->count ? -1 : 1;
  return strcmp(a->word, b->word);
}

// Text like "Kalo mine, rusa. Ti vo ..." grown with realloc.
static char* make_text(int32_t words, size_t* out_len) {
  size_t cap = 1024, len = 0;
  char* text = xmalloc(cap);
  for (int32_t w = 0; w < words; w++) {
    char word[64];
    size_t n = 0;
    uint32_t syllables = 1 + next_random() % 4;
    for (uint32_t s = 0; s < syllables; s++) {
      const char* syl = kSyllables[skewed_syllable()];
      size_t sl = strlen(syl);
      memcpy(word + n, syl, sl);
      n += sl;
    }
    uint32_t r = next_random();
    if (r % 7 == 0) word[0] = (char)toupper((unsigned char)word[0]);
    const char* sep = r % 11 == 0 ? ". " : r % 13 == 0 ? ", " : " ";
    size_t sep_len = strlen(sep);
    if (len + n + sep_len + 1 > cap) {
      cap *= 2;
      char* bigger = realloc(text, cap);
      if (!bigger) exit(1);
      text = bigger;
    }
    memcpy(text + len, word, n);
    memcpy(text + len + n, sep, sep_len);
    len += n + sep_len;
  }
  text[len] = '\0';
  *out_len = len;
  return text;
}

int main(int argc, char** argv) {
  int32_t words = argc > 1 ? atoi(argv[1]) : 3000000;
  size_t text_len;
  char* text = make_text(words, &text_len);

  Map m = {calloc(1024, sizeof(Entry*)), 1024, 0};
  uint32_t total = 0;
  char word[64];
  for (size_t i = 0; i < text_len;) {
    while (i < text_len && !isalpha((unsigned char)text[i])) i++;
    size_t n = 0;
    while (i < text_len && isalpha((unsigned char)text[i]) && n < sizeof word)
      word[n++] = (char)tolower((unsigned char)text[i++]);
    if (n > 0) {
      map_add(&m, word, n);
      total++;
    }
  }
  free(text);

  Entry** all = xmalloc(sizeof(Entry*) * (m.size ? m.size : 1));
  uint32_t k = 0;
  for (uint32_t b = 0; b < m.bucket_count; b++)
    for (Entry* e = m.buckets[b]; e; e = e->next) all[k++] = e;
  qsort(all, m.size, sizeof(Entry*), by_count_then_word);

  uint32_t checksum = 2166136261u;
  for (uint32_t i = 0; i < m.size; i++) {
    checksum = (checksum ^ fnv1a(all[i]->word, strlen(all[i]->word))) * 16777619u;
    checksum = (checksum ^ all[i]->count) * 16777619u;
  }
  printf("words=%u unique=%u checksum=%08x top:", total, m.size, checksum);
  for (uint32_t i = 0; i < m.size && i < 5; i++) printf(" %s=%u", all[i]->word, all[i]->count);
  putchar('\n');

  for (uint32_t i = 0; i < m.size; i++) free(all[i]);
  free(all);
  free(m.buckets);
  return 0;
}
