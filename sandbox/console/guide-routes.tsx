import { Hono } from 'hono';
import { ConsolePage } from './layout';
import { GUIDE_PATH, guidePages, guideText } from './guide';

/** `GET /console/guide/`: the guide's pages; `GET /console/guide/{page}.md`: one page, as written (plain text). */
export function guideRoutes() {
  return new Hono()
    .get(`${GUIDE_PATH}/`, (c) =>
      c.html(
        <ConsolePage title="The guide" current="">
          <p>
            How the sandbox works, one page per job, as the repository's <code>docs/</code> folder has them (Markdown, shown as written).
          </p>
          <ul>
            {guidePages().map((page) => (
              <li>
                <a href={`${GUIDE_PATH}/${page.file}`}>{page.title}</a>
              </li>
            ))}
          </ul>
        </ConsolePage>,
      ),
    )
    .get(`${GUIDE_PATH}/:page`, (c) => {
      const text = guideText(c.req.param('page'));
      return text === undefined ? c.notFound() : c.body(text, 200, { 'Content-Type': 'text/plain; charset=utf-8' });
    });
}
