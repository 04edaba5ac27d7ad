import { protoJsonProblems, readBackDifferences } from './proto-json';

const DASHBOARD = 'google.monitoring.dashboard.v1.Dashboard';

function chart(extra: Record<string, unknown> = {}, query: Record<string, unknown> = {}) {
  return {
    displayName: 'd',
    mosaicLayout: {
      columns: 48,
      tiles: [
        {
          xPos: 0,
          yPos: 0,
          width: 24,
          height: 16,
          widget: {
            title: 't',
            xyChart: {
              dataSets: [
                {
                  timeSeriesQuery: {
                    timeSeriesFilter: {
                      filter: 'metric.type="x"',
                      aggregation: { alignmentPeriod: '60s', perSeriesAligner: 'ALIGN_MEAN' },
                    },
                    ...query,
                  },
                  plotType: 'LINE',
                },
              ],
              ...extra,
            },
          },
        },
      ],
    },
  };
}

describe('protoJsonProblems against google.monitoring.dashboard.v1.Dashboard', () => {
  it('accepts a well-formed dashboard', () => {
    expect(protoJsonProblems(DASHBOARD, chart({ yAxis: { label: 'x', scale: 'LINEAR' } }))).toEqual([]);
  });

  it('refuses an unknown field, naming its path', () => {
    expect(protoJsonProblems(DASHBOARD, chart({ yAxisLabel: 'x' }))).toEqual([
      expect.stringMatching(
        /^\$\.mosaicLayout\.tiles\[0\]\.widget\.xyChart\.yAxisLabel: unknown field of google\.monitoring\.dashboard\.v1\.XyChart/,
      ),
    ]);
  });

  it('refuses snake_case names (only the JSON names are accepted)', () => {
    expect(protoJsonProblems(DASHBOARD, { display_name: 'd', mosaicLayout: { columns: 12 } })[0]).toMatch(
      /\$\.display_name: unknown field/,
    );
  });

  it('refuses a wrong enum value and lists the allowed ones', () => {
    const problems = protoJsonProblems(DASHBOARD, chart({ yAxis: { scale: 'LOG' } }));
    expect(problems).toEqual([
      expect.stringMatching(
        /yAxis\.scale: "LOG" is not a value of enum google\.monitoring\.dashboard\.v1\.XyChart\.Axis\.Scale; allowed: SCALE_UNSPECIFIED, LINEAR, LOG10/,
      ),
    ]);
  });

  it('refuses two members of one oneof', () => {
    const both = { displayName: 'd', mosaicLayout: { columns: 12 }, gridLayout: { columns: '2' } };
    expect(protoJsonProblems(DASHBOARD, both)).toEqual([
      expect.stringMatching(
        /^\$: oneof google\.monitoring\.dashboard\.v1\.Dashboard\.layout has gridLayout and mosaicLayout set/,
      ),
    ]);
    const query = chart({}, { timeSeriesQueryLanguage: 'fetch x' });
    expect(protoJsonProblems(DASHBOARD, query)).toEqual([
      expect.stringMatching(
        /timeSeriesQuery: oneof .*TimeSeriesQuery\.source has timeSeriesFilter and timeSeriesQueryLanguage set/,
      ),
    ]);
  });

  it('refuses a missing REQUIRED field', () => {
    expect(protoJsonProblems(DASHBOARD, { mosaicLayout: { columns: 12 } })).toEqual([
      '$.displayName: REQUIRED field of google.monitoring.dashboard.v1.Dashboard is missing',
    ]);
  });

  it('checks scalar types, durations, repeated and well-known types', () => {
    const bad = chart({
      dataSets: [
        {
          timeSeriesQuery: { timeSeriesFilter: { filter: 1, aggregation: { alignmentPeriod: '1m' } } },
          minAlignmentPeriod: 60,
        },
      ],
    });
    const problems = protoJsonProblems(DASHBOARD, bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/filter: 1 is not a string/),
        expect.stringMatching(/alignmentPeriod: "1m" is not a Duration/),
        expect.stringMatching(/minAlignmentPeriod: 60 is not a Duration/),
      ]),
    );
    expect(protoJsonProblems(DASHBOARD, { displayName: 'd', mosaicLayout: { columns: 1.5, tiles: {} } })).toEqual([
      '$.mosaicLayout.columns: 1.5 is not a int32',
      '$.mosaicLayout.tiles: repeated field must be an array',
    ]);
    expect(
      protoJsonProblems(DASHBOARD, { displayName: 'd', mosaicLayout: { tiles: [{ widget: { blank: { x: 1 } } }] } }),
    ).toEqual(['$.mosaicLayout.tiles[0].widget.blank: Empty must be {}']);
  });

  it('checks map fields and refuses nulls', () => {
    expect(protoJsonProblems(DASHBOARD, { displayName: 'd', labels: { a: 1 } })).toEqual([
      '$.labels["a"]: 1 is not a string',
    ]);
    expect(protoJsonProblems(DASHBOARD, { displayName: 'd', etag: null })).toEqual([
      '$.etag: null; allowed: omit the field instead',
    ]);
  });
});

describe('readBackDifferences against google.monitoring.dashboard.v1.Dashboard', () => {
  it('names every field the API would leave out or rewrite on read', () => {
    const written = chart({ yAxis: { label: '', scale: 'SCALE_UNSPECIFIED' }, thresholds: [] });
    expect(readBackDifferences(DASHBOARD, written)).toEqual([
      '$.mosaicLayout.tiles[0].xPos: 0 is the default and is left out on read',
      '$.mosaicLayout.tiles[0].yPos: 0 is the default and is left out on read',
      '$.mosaicLayout.tiles[0].widget.xyChart.yAxis.label: "" is the default and is left out on read',
      '$.mosaicLayout.tiles[0].widget.xyChart.yAxis.scale: "SCALE_UNSPECIFIED" is the default and is left out on read',
      '$.mosaicLayout.tiles[0].widget.xyChart.thresholds: an empty list is left out on read',
    ]);
    expect(readBackDifferences(DASHBOARD, { displayName: 'd', gridLayout: { columns: 2 } })).toEqual([
      '$.gridLayout.columns: int64 2 is read back as the string "2"',
    ]);
  });

  it('accepts non-default values, set messages and oneof members', () => {
    const written = chart({ yAxis: { label: 'x', scale: 'LINEAR' } });
    const tile = written.mosaicLayout.tiles[0] as Record<string, unknown>;
    delete tile.xPos;
    delete tile.yPos;
    expect(readBackDifferences(DASHBOARD, written)).toEqual([]);
    expect(
      readBackDifferences(DASHBOARD, {
        displayName: 'd',
        mosaicLayout: { columns: 12, tiles: [{ width: 1, height: 1, widget: { blank: {} } }] },
      }),
    ).toEqual([]);
  });
});
